package io.vidsift.aggregator.quarkus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vidsift.aggregator.Events;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** GET /jobs and GET /jobs/{id} through every state, with events produced to the real broker. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class StatusApiTest {

    private static final String KEY = "aggregator-test-key-7c2e";

    private final MessageCodec codec = new MessageCodec();

    private static io.restassured.specification.RequestSpecification api() {
        return given().header("Authorization", "Bearer " + KEY);
    }

    @Test
    void withoutTheBearerKeyTheApiAnswers401AndHealthAndMetricsStayOpen() {
        given().get("/jobs").then().statusCode(401);
        given().header("Authorization", "Bearer not-the-key").get("/jobs/job-any").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        api().get("/jobs").then().statusCode(200);
    }

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterEach
    void close() {
        producer.close();
    }

    private void send(Object message) throws Exception {
        if (message instanceof JobPlanned planned) {
            producer.send(new ProducerRecord<>(Topics.JOBS, planned.jobId(), codec.write(planned))).get();
        } else if (message instanceof DownloadRecorded recorded) {
            producer.send(new ProducerRecord<>(Topics.DOWNLOADS, recorded.chunkId(), codec.write(recorded))).get();
        } else if (message instanceof VideoAnalyzed analyzed) {
            producer.send(new ProducerRecord<>(Topics.ANALYSES, analyzed.videoId(), codec.write(analyzed))).get();
        }
    }

    private static ValidatableResponse awaitState(String jobId, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/jobs/" + jobId).then().extract().statusCode() == 200
                        && state.equals(api().get("/jobs/" + jobId).then().extract().path("state")));
        return api().get("/jobs/" + jobId).then().statusCode(200).body("state", equalTo(state));
    }

    @Test
    void aJobGoesThroughEveryState() throws Exception {
        String job = "job-api-1";
        api().get("/jobs/" + job).then().statusCode(404).body("error", equalTo("unknown job " + job));

        send(Events.cloudJob(job, "out/" + job, 2, false));
        awaitState(job, "planned")
                .body("job_id", equalTo(job))
                .body("mode", equalTo("hik_cloud"))
                .body("dry_run", equalTo(false))
                .body("finished", equalTo(false))
                .body("progress", equalTo(0.0f))
                .body("chunks.planned", equalTo(2))
                .body("counts.chunks_planned", equalTo(2))
                .body("timezone", equalTo("Asia/Shanghai"))
                .body("planned_at", equalTo("2026-02-03T01:00:00Z"))
                .body("started_at", nullValue())
                .body("output_dir", equalTo(Path.of("target/aggregator-it/out", job).toAbsolutePath().toString()))
                .body("outputs", hasKey("hik_cloud_download_manifest.jsonl"))
                .body("outputs.'report.html'", endsWith("/out/" + job + "/report.html"));

        send(Events.download(job, 0, DownloadStatus.ADDRESS_OK, 1));
        awaitState(job, "downloading")
                .body("chunks.recorded", equalTo(1))
                .body("chunks.terminal", equalTo(0))
                .body("chunks.by_status.address_ok", equalTo(1))
                .body("started_at", equalTo(Events.at(1)));

        send(Events.download(job, 0, DownloadStatus.DOWNLOADED, 2));
        send(Events.download(job, 1, DownloadStatus.DOWNLOADED, 3));
        awaitState(job, "analyzing")
                .body("progress", equalTo(0.5f))
                .body("chunks.terminal", equalTo(2))
                .body("videos.expected", equalTo(2))
                .body("videos.pending", equalTo(2))
                .body("finished_at", nullValue());

        send(Events.analysis(job, 0, AnalysisStatus.ANALYZED, 4));
        send(Events.analysis(job, 1, AnalysisStatus.ANALYZED, 5));
        awaitState(job, "completed")
                .body("finished", equalTo(true))
                .body("progress", equalTo(1.0f))
                .body("videos.analyzed", equalTo(2))
                .body("videos.by_status.analyzed", equalTo(2))
                .body("counts.clips", equalTo(2))
                .body("counts.failures", equalTo(0))
                .body("finished_at", equalTo(Events.at(5)));

        api().get("/jobs?limit=1000").then().statusCode(200).body("jobs.job_id", hasItems(job)).body("next_after", nullValue());

        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'aggregator-state' }.status", equalTo("UP"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .containsPattern("vidsift_aggregator_records_total\\{[^}]*topic=\"vidsift.analyses\"[^}]*\\} [1-9]")
                .containsPattern("vidsift_aggregator_jobs\\{[^}]*state=\"completed\"[^}]*\\} [1-9]")
                // finished: its final files were written (before it was announced)
                .containsPattern("vidsift_aggregator_file_writes_total\\{[^}]*kind=\"final\"[^}]*\\} [1-9]")
                .containsPattern("vidsift_aggregator_file_write_seconds_total\\{[^}]*kind=\"final\"[^}]*\\} [0-9.eE+-]*[1-9]");
    }

    @Test
    void failuresEndInCompletedWithFailures() throws Exception {
        String job = "job-api-2";
        send(Events.cloudJob(job, "out/" + job, 1, false));
        send(Events.download(job, 0, DownloadStatus.DOWNLOAD_FAILED, 1, 3, "download: HTTP 500", false));
        awaitState(job, "completed_with_failures")
                .body("counts.download_failed", equalTo(1))
                .body("counts.failures", equalTo(1))
                .body("finished_at", notNullValue());
    }

    @Test
    void aDryRunCompletesAfterItsAddresses() throws Exception {
        String job = "job-api-3";
        send(Events.cloudJob(job, "out/" + job, 1, true));
        send(Events.download(job, 0, DownloadStatus.ADDRESS_OK, 1, 0, null, true));
        awaitState(job, "completed")
                .body("dry_run", equalTo(true))
                .body("outputs", hasKey("summary.json"))
                .body("outputs.size()", equalTo(3));
    }
}
