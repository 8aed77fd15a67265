package io.vidsift.aggregator.quarkus;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vidsift.aggregator.Events;
import io.vidsift.common.config.Device;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plan of 15,000 cameras whose device list comes as three JobDevices records of about 400 KB each, on the real
 * broker with its default 1 MB record limit: through the decoder, the repartition topic and the stores (their
 * changelogs included), the job completes, and its summary names every camera. The parts come after the plan and
 * its one report, so the job waits for them.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class BigPlanTest {

    private static final String KEY = "aggregator-test-key-7c2e";
    private static final int PER_PART = 5_000;
    private static final int PARTS = 3;

    private final MessageCodec codec = new MessageCodec();

    @Test
    void aPlanWhoseDevicesComeInPartsCompletesWithEveryCamera() throws Exception {
        String job = "job-big-plan";
        Path out = Path.of("target/aggregator-it/out", job);
        if (Files.isDirectory(out)) { // an earlier run's files must not pass for this one's
            try (var files = Files.list(out)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        JobPlanned inline = Events.cloudJob(job, "out/" + job, 1, true);
        HikCloudConfig h = inline.config().hikCloud();
        JobConfig c = inline.config();
        JobConfig withoutDevices = new JobConfig(c.name(), c.dryRun(), c.mode(), c.local(), new HikCloudConfig(h.apiBaseUrl(),
                h.downloadPath(), h.tokenPath(), h.accessTokenEnv(), h.clientIdEnv(), h.clientSecretEnv(), h.chunkSeconds(),
                h.timeoutSeconds(), h.downloadTimeoutSeconds(), List.of(), h.timeRanges()), c.timezone(), c.outputDir(),
                c.storageRoot(), c.analysis());
        JobPlanned plan = new JobPlanned(inline.schema(), job, inline.plannedAt(), withoutDevices, PER_PART * PARTS, 1, 1, 0, PARTS);
        List<JobDevices> parts = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int p = 0; p < PARTS; p++) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < PER_PART; i++) {
                // The first device of the first part is the one camera with a chunk.
                Device device = p == 0 && i == 0 ? Events.CAMERA
                        : new Device(String.format("CAM-%d-%05d", p, i), 1 + i % 4, "store " + i / 4 + " camera " + i % 4 + " of part " + p);
                devices.add(device);
                expected.add(device.deviceSerial() + "/" + device.channelNo());
            }
            parts.add(JobDevices.of(job, p, PARTS, devices));
        }
        DownloadRecorded report = Events.download(job, 0, DownloadStatus.ADDRESS_OK, 1, 0, null, true);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.JOBS, job, codec.write(plan))).get();
            producer.send(new ProducerRecord<>(Topics.DOWNLOADS, report.chunkId(), codec.write(report))).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> "downloading".equals(state(job)) || "analyzing".equals(state(job)));
            for (JobDevices part : parts) {
                String json = codec.write(part);
                assertThat(json.getBytes(StandardCharsets.UTF_8).length).isBetween(300_000, 500_000);
                producer.send(new ProducerRecord<>(Topics.JOBS, job, json)).get();
                if (part.part() < PARTS - 1) {
                    assertThat(state(job)).isNotEqualTo("completed");
                }
            }
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> "completed".equals(state(job)));
        Path summary = out.resolve("summary.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(summary) && Files.readString(summary).contains("\"completed\""));
        JsonNode cameras = codec.mapper().readTree(Files.readString(summary)).path("cameras");
        Set<String> named = new HashSet<>();
        cameras.forEach(camera -> named.add(camera.path("device_serial").asText() + "/" + camera.path("channel_no").asInt()));
        assertThat(cameras.size()).isEqualTo(PER_PART * PARTS);
        assertThat(named).isEqualTo(expected);
    }

    private static String state(String jobId) {
        var response = given().header("Authorization", "Bearer " + KEY).get("/jobs/" + jobId);
        return response.statusCode() == 200 ? response.jsonPath().getString("state") : null;
    }
}
