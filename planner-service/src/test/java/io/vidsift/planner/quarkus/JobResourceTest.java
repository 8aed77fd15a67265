package io.vidsift.planner.quarkus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vidsift.common.config.InvalidConfigs;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import io.vidsift.kafka.TopicReader;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.vidsift.planner.quarkus.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class JobResourceTest {

    private static final String SENTINEL = "sentinel-AccessToken-7f3c9e";
    private final MessageCodec codec = new MessageCodec();
    private final TopicReader topics = new TopicReader(SharedKafka.bootstrapServers());

    @ConfigProperty(name = "vidsift.storage.root")
    String storageRoot;

    @Test
    void hikCloudJobIsChunkedAndPublishedWithoutItsToken() {
        // 2 devices x (2 h 30 min + 30 min) at 600 s: (15 + 3) x 2 = 36 chunks.
        String yaml = InvalidConfigs.VALID.replace("access_token_env: HIK_CLOUD_ACCESS_TOKEN", "access_token: " + SENTINEL)
                .replace("dir: /tmp/out", "dir: out-hik");
        String jobId = submit(yaml, "application/yaml").statusCode(202)
                .body("devices", equalTo(2)).body("ranges", equalTo(2)).body("chunks", equalTo(36)).body("files", equalTo(0))
                .body("dry_run", equalTo(false)).body("mode", equalTo("hik_cloud"))
                .extract().path("job_id");

        List<ChunkRequested> chunks = topics.await(Topics.CHUNKS, forJob(jobId), 36, Duration.ofSeconds(60)).stream()
                .map(r -> {
                    ChunkRequested chunk = codec.read(r.value(), ChunkRequested.class);
                    assertThat(r.key()).isEqualTo(chunk.chunkId());
                    return chunk;
                }).toList();
        assertThat(chunks).hasSize(36);
        assertThat(new HashSet<>(chunks.stream().map(ChunkRequested::chunkId).toList())).hasSize(36);
        Map<String, List<CloudWindow>> byDevice = chunks.stream().map(ChunkRequested::window)
                .collect(Collectors.groupingBy(CloudWindow::deviceSerial));
        assertThat(byDevice).containsOnlyKeys("DEV-A1", "DEV_B2");
        for (List<CloudWindow> windows : byDevice.values()) {
            List<CloudWindow> sorted = new ArrayList<>(windows);
            sorted.sort(Comparator.comparingLong(CloudWindow::requestedBegin));
            assertTiles(sorted, 1770080400L, 1770089400L, 15);
            assertTiles(sorted, 1770112800L, 1770114600L, 3);
        }
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.dryRun()).isFalse();
            assertThat(c.window().requestedEnd() - c.window().requestedBegin()).isLessThanOrEqualTo(600);
        });

        JobPlanned planned = codec.read(topics.await(Topics.JOBS, forJob(jobId), 1, Duration.ofSeconds(30)).get(0).value(), JobPlanned.class);
        assertThat(planned.chunks()).isEqualTo(36);
        assertThat(planned.config().outputDir()).isEqualTo(realStorageRoot().resolve("out-hik").toString());

        for (String topic : allTopics()) {
            assertThat(topics.readAll(topic)).as(topic).noneMatch(r -> String.valueOf(r.value()).contains(SENTINEL)
                    || String.valueOf(r.key()).contains(SENTINEL));
        }

        given().get("/jobs/" + jobId + "/plan?limit=5").then().statusCode(200)
                .body("job_id", equalTo(jobId)).body("total", equalTo(36)).body("items.size()", equalTo(5))
                .body("planned.chunks", equalTo(36));

        // Counters are per JVM and other tests publish too: at least this job's 36 chunks, once acknowledged.
        String metrics = awaitMetric("vidsift_planner_work_items_total", "topic=\"vidsift.chunks\"", 36);
        assertThat(metric(metrics, "vidsift_planner_jobs_total", "mode=\"hik_cloud\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("application=\"vidsift-planner\"").contains("vidsift_planner_backlog")
                .contains("vidsift_planner_publish_retries_total").contains("vidsift_planner_plans_resumed_total").doesNotContain(SENTINEL);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems("kafka", "planning"));
    }

    /** Chunks covering [begin, end) of one range: consecutive, no gap, no overlap. */
    private static void assertTiles(List<CloudWindow> sorted, long begin, long end, int expected) {
        List<CloudWindow> inRange = sorted.stream().filter(w -> w.requestedBegin() >= begin && w.requestedEnd() <= end).toList();
        assertThat(inRange).hasSize(expected);
        long cursor = begin;
        for (CloudWindow window : inRange) {
            assertThat(window.requestedBegin()).isEqualTo(cursor);
            cursor = window.requestedEnd();
        }
        assertThat(cursor).isEqualTo(end);
    }

    @Test
    void dryRunTravelsOnEveryChunkAndJsonIsAccepted() {
        String json = """
                {"source": {"mode": "hik_cloud"}, "output": {"dir": "out-dry"}, "dry_run": true,
                 "hik_cloud": {"chunk_seconds": 1800, "devices": [{"device_serial": "D9", "channel_no": 1}],
                               "time_ranges": [{"begin": 1770080400, "end": 1770084000}]}}
                """;
        String jobId = submit(json, "application/json").statusCode(202).body("chunks", equalTo(2)).body("dry_run", equalTo(true))
                .body("output_dir", equalTo(realStorageRoot().resolve("out-dry").toString()))
                .extract().path("job_id");
        List<ConsumerRecord<String, String>> records = topics.await(Topics.CHUNKS, forJob(jobId), 2, Duration.ofSeconds(60));
        assertThat(records).hasSize(2).allSatisfy(r -> assertThat(codec.read(r.value(), ChunkRequested.class).dryRun()).isTrue());
    }

    @Test
    void everyInvalidConfigIsA400NamingTheField() {
        assertThat(InvalidConfigs.all()).hasSizeGreaterThanOrEqualTo(12);
        InvalidConfigs.all().forEach((kind, c) -> submit(c.yaml(), "application/yaml").statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("invalid job config"))
                .body("errors.line", hasItem(c.expected())));
    }

    @Test
    void localModePublishesExactlyTheVideoFiles() throws IOException {
        String dir = "local-" + UUID.randomUUID();
        Path root = Path.of(storageRoot).toAbsolutePath();
        Path input = root.resolve(dir);
        for (String file : List.of("cam1/a.mp4", "cam1/deeper/b.MOV", "cam1/notes.txt", "cam2/c.mkv", "d.avi", "e.mp4.part", "cam2/.hidden/f.mp4")) {
            Path path = input.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file);
        }
        String yaml = "source: {mode: local, local: {input_dir: " + dir + "}}\noutput: {dir: " + dir + "-out}\n";
        String jobId = submit(yaml, "application/yaml").statusCode(202).body("files", equalTo(5)).body("chunks", equalTo(0))
                .extract().path("job_id");
        List<VideoReady> videos = topics.await(Topics.VIDEOS, forJob(jobId), 5, Duration.ofSeconds(60)).stream()
                .map(r -> codec.read(r.value(), VideoReady.class)).toList();
        assertThat(videos).extracting(VideoReady::path).containsExactlyInAnyOrder(
                dir + "/cam1/a.mp4", dir + "/cam1/deeper/b.MOV", dir + "/cam2/c.mkv", dir + "/d.avi", dir + "/cam2/.hidden/f.mp4");
        assertThat(videos).allSatisfy(v -> {
            assertThat(v.source()).isEqualTo("local");
            assertThat(v.window()).isNull();
            assertThat(v.bytes()).isPositive();
        });

        String metrics = awaitMetric("vidsift_planner_work_items_total", "topic=\"vidsift.videos\"", 5);
        assertThat(metric(metrics, "vidsift_planner_jobs_total", "mode=\"local\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void localModeOutsideTheStorageRootIsRejected() {
        submit("source: {mode: local, local: {input_dir: /etc}}\noutput: {dir: out}\n", "application/yaml").statusCode(400)
                .body("errors[0].path", equalTo("source.local.input_dir"));
    }

    @Test
    void healthAnswersInSmallRyeShape() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void unknownJobPlanIs404() {
        given().get("/jobs/job-nope/plan").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void withoutTheBearerKeyTheApiAnswers401AndHealthAndMetricsStayOpen() {
        String valid = InvalidConfigs.VALID.replace("dir: /tmp/out", "dir: out-anon");
        Api.anonymous().contentType("application/yaml").body(valid.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/jobs").then().statusCode(401)
                .body(equalTo("{\"title\":\"Unauthorized\",\"status\":401}"));
        Api.anonymous().header("Authorization", "Bearer not-the-key").contentType("application/yaml").body(valid.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/jobs")
                .then().statusCode(401);
        Api.anonymous().get("/jobs/job-nope/plan").then().statusCode(401);
        Api.anonymous().get("/q/health/ready").then().statusCode(200);
        Api.anonymous().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameJob() {
        String yaml = InvalidConfigs.VALID.replace("dir: /tmp/out", "dir: out-idem");
        String key = "idem-" + UUID.randomUUID();
        String jobId = given().header("Idempotency-Key", key).contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/jobs")
                .then().statusCode(202).extract().path("job_id");
        given().header("Idempotency-Key", key).contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/jobs").then().statusCode(202)
                .header("Idempotent-Replayed", "true").body("job_id", equalTo(jobId)).body("chunks", equalTo(36));
        given().header("Idempotency-Key", key).contentType("application/yaml").body(yaml.replace("out-idem", "out-other").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/jobs").then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].path", equalTo("Idempotency-Key"));
        assertThat(topics.await(Topics.JOBS, forJob(jobId), 1, Duration.ofSeconds(30))).hasSize(1);
        given().get("/jobs/" + jobId + "/plan?limit=0").then().statusCode(200).body("items.size()", equalTo(0));
    }

    /**
     * With the test's window of 256 (the default), a 1,000-chunk job stops at 256 published and goes on only as
     * outcomes arrive on vidsift.downloads: the test plays the downloader, recording every chunk it sees.
     */
    @Test
    void aJobBeyondItsWindowGoesOnAsItsOutcomesAreRecorded() throws Exception {
        String json = """
                {"source": {"mode": "hik_cloud"}, "output": {"dir": "out-window"}, "dry_run": true,
                 "hik_cloud": {"chunk_seconds": 1, "devices": [{"device_serial": "WIN1", "channel_no": 1}],
                               "time_ranges": [{"begin": 1770080400, "end": 1770081400}]}}
                """;
        String jobId = submit(json, "application/json").statusCode(202).body("chunks", equalTo(1000)).extract().path("job_id");
        int published = Api.poll(() -> given().get("/jobs/" + jobId + "/plan?limit=0").then().statusCode(200).extract().<Integer>path("published"),
                count -> count >= 256, Duration.ofSeconds(60));
        assertThat(published).as("published up to the window").isEqualTo(256);
        assertThat(topics.readAll(Topics.CHUNKS).stream().filter(forJob(jobId))).hasSize(256);
        given().get("/jobs/" + jobId + "/plan?limit=0").then().body("state", equalTo("publishing"));

        Set<String> recorded = new HashSet<>();
        try (KafkaProducer<String, String> downloader = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            String state = "publishing";
            while (!"published".equals(state) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : topics.readAll(Topics.CHUNKS)) {
                    if (!forJob(jobId).test(record)) {
                        continue;
                    }
                    ChunkRequested chunk = codec.read(record.value(), ChunkRequested.class);
                    if (recorded.add(chunk.chunkId())) {
                        downloader.send(new ProducerRecord<>(Topics.DOWNLOADS, chunk.chunkId(), codec.write(new DownloadRecorded(
                                Schema.VERSION, jobId, chunk.chunkId(), "hik_cloud", chunk.window(), null, null, DownloadStatus.ADDRESS_OK,
                                0, null, null, null, true, "2026-02-03T00:00:00Z", null))));
                    }
                }
                downloader.flush();
                state = given().get("/jobs/" + jobId + "/plan?limit=0").then().extract().path("state");
            }
            assertThat(state).isEqualTo("published");
        }
        assertThat(new HashSet<>(topics.readAll(Topics.CHUNKS).stream().filter(forJob(jobId))
                .map(r -> codec.read(r.value(), ChunkRequested.class).chunkId()).toList())).hasSize(1000);
    }

    private Path realStorageRoot() {
        try {
            return Path.of(storageRoot).toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> allTopics() {
        List<String> all = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(topic -> all.add(Topics.deadLetter(topic)));
        all.add(Topics.PLANS);
        return all;
    }

    /**
     * Scrapes /q/metrics until the sample of {@code name} carrying {@code label} reaches {@code atLeast} (bounded
     * wait: a batch is counted when the broker acknowledges it, which can follow a consumer seeing its records).
     */
    private static String awaitMetric(String name, String label, double atLeast) {
        String scrape = Api.poll(() -> given().get("/q/metrics").then().statusCode(200).extract().asString(),
                text -> metric(text, name, label) >= atLeast, Duration.ofSeconds(30));
        assertThat(metric(scrape, name, label)).as(name + "{" + label + "}").isGreaterThanOrEqualTo(atLeast);
        return scrape;
    }

    /** The value of the Prometheus sample {@code name{...label...}} in a scrape, or -1 when there is none. */
    static double metric(String scrape, String name, String label) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    private static ValidatableResponse submit(String body, String contentType) {
        return Api.post(body, contentType).post("/jobs").then();
    }

    private java.util.function.Predicate<ConsumerRecord<String, String>> forJob(String jobId) {
        return r -> r.value() != null && r.value().contains("\"job_id\":\"" + jobId + "\"");
    }
}
