package io.vidsift.analyzer.quarkus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The real service on a real broker: VideoReady in, VideoAnalyzed out, poison to the dead-letter topic. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = StorageResource.class, restrictToAnnotatedClass = false)
class AnalyzerServiceTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void localModeVideosBecomeAnalyses() throws Exception {
        String jobId = "job-" + UUID.randomUUID().toString().substring(0, 8);
        List<VideoReady> videos = List.of(local(jobId, "input/moving.mp4"), local(jobId, "input/empty.mp4"));
        for (VideoReady v : videos) {
            send(Topics.VIDEOS, v.videoId(), codec.write(v));
        }

        List<ConsumerRecord<String, String>> records = await(Topics.ANALYSES, r -> r.value().contains(jobId), 2);

        assertThat(records).hasSize(2);
        Map<String, VideoAnalyzed> byId = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            VideoAnalyzed a = codec.read(r.value(), VideoAnalyzed.class);
            assertThat(r.key()).as("keyed by job: the aggregator folds it on the partition it is read from").isEqualTo(a.jobId());
            byId.put(a.videoId(), a);
        }
        VideoAnalyzed moving = byId.get(videos.get(0).videoId());
        assertThat(moving.status()).as(moving.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(moving.source()).isEqualTo("local");
        assertThat(moving.path()).isEqualTo("input/moving.mp4");
        assertThat(moving.framesSampled()).isEqualTo(60);
        assertThat(moving.clips()).hasSize(6);
        assertThat(moving.clips().get(2).activity()).isGreaterThan(0.01);
        assertThat(moving.clips().get(0).activity()).isLessThan(0.002);
        VideoAnalyzed empty = byId.get(videos.get(1).videoId());
        assertThat(empty.status()).isEqualTo(AnalysisStatus.PROBE_FAILED);

        // Meters are recorded before the VideoAnalyzed is sent, so they already count both videos. Counters are per
        // JVM and other tests analyse videos too: at least what this test did.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metric(metrics, "vidsift_analyzer_videos_total", "status=\"analyzed\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "vidsift_analyzer_videos_total", "status=\"probe_failed\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "vidsift_analyzer_frames_total", "application=")).isGreaterThanOrEqualTo(60);
        assertThat(metric(metrics, "vidsift_analyzer_inference_seconds_count", "device=\"cpu\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "vidsift_analyzer_inference_seconds_sum", "device=\"cpu\"")).isPositive();
        assertThat(metric(metrics, "vidsift_analyzer_analysis_seconds_count", "application=")).isGreaterThanOrEqualTo(2);
        assertThat(metric(metrics, "vidsift_analyzer_analysis_seconds_sum", "application=")).isPositive();
        assertThat(metrics).contains("application=\"vidsift-analyzer\"").doesNotContain(videos.get(0).videoId());
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** The value of the Prometheus sample {@code name{...label...}} in a scrape, or -1 when there is none. */
    private static double metric(String scrape, String name, String label) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    @Test
    void aRecordThatIsNotAVideoReadyGoesToTheDeadLetterTopicAndProcessingContinues() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        send(Topics.VIDEOS, marker, "{ this is not json " + marker);
        String jobId = "job-" + UUID.randomUUID().toString().substring(0, 8);
        VideoReady after = local(jobId, "input/static.mp4");
        send(Topics.VIDEOS, after.videoId(), codec.write(after));

        assertThat(await(Topics.deadLetter(Topics.VIDEOS), r -> marker.equals(r.key()), 1)).hasSize(1);
        assertThat(await(Topics.ANALYSES, r -> r.value().contains(jobId), 1)).hasSize(1);
    }

    @Test
    void aVideoWhoseOutputsCannotBeWrittenWaitsForTheStorageInsteadOfBeingRecordedAsFailed() throws Exception {
        Path root = Path.of(ConfigProvider.getConfig().getValue("vidsift.storage.root", String.class));
        String jobId = "job-" + UUID.randomUUID().toString().substring(0, 8);
        // Storage that refuses the video's outputs (as a full disk does): a file where its analysis folder must go.
        Path blocker = Files.createDirectories(root.resolve("out-" + jobId)).resolve("analysis");
        Files.writeString(blocker, "not a folder");
        VideoReady video = new VideoReady(Schema.VERSION, jobId, Ids.videoId(jobId, "input/moving.mp4"), VideoReady.SOURCE_LOCAL,
                null, null, "input/moving.mp4", null, null, "out-" + jobId,
                new AnalysisConfig(1.0, "exact", 10, "cpu", "none", 0, 3600, false, null, java.util.List.of()));
        send(Topics.VIDEOS, video.videoId(), codec.write(video));

        // While it waits: readiness names the cause, the setbacks counter rises.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String ready = "";
        while (!ready.contains("storage full or unwritable") && System.nanoTime() < deadline) {
            ready = given().get("/q/health/ready").then().extract().asString();
            Thread.sleep(200);
        }
        assertThat(ready).contains("storage full or unwritable").contains(video.videoId()).contains("DOWN");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metric(metrics, "vidsift_analyzer_storage_setbacks_total", "application=")).isGreaterThanOrEqualTo(1);

        Files.delete(blocker);
        // The first record for the video is the real result, not a failure recorded while the storage was refused.
        List<ConsumerRecord<String, String>> records = await(Topics.ANALYSES, r -> r.value().contains(jobId), 1);
        assertThat(records).hasSize(1);
        VideoAnalyzed result = codec.read(records.get(0).value(), VideoAnalyzed.class);
        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(root.resolve(result.clipsPath())).isRegularFile();
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessReportsTheInferenceDevice() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'inference-device' }.data.detail", equalTo("cpu"));
    }

    private static VideoReady local(String jobId, String path) {
        return new VideoReady(Schema.VERSION, jobId, Ids.videoId(jobId, path), VideoReady.SOURCE_LOCAL, null, null, path,
                null, null, null, new AnalysisConfig(1.0, "exact", 10, "cpu", "none", 0, 3600, false, null, java.util.List.of()));
    }

    private static void send(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Reads the topic from the start with a fresh group until {@code count} matches arrive (bounded wait). */
    private static List<ConsumerRecord<String, String>> await(String topic, java.util.function.Predicate<ConsumerRecord<String, String>> match,
                                                              int count) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (match.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }
}
