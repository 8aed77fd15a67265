package io.vidsift.downloader.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.TimeRange;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.StorageLayout;
import io.vidsift.downloader.Mp4Check;
import io.vidsift.kafka.EmbeddedKafka;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import io.vidsift.simulator.HikCloudSimulator;
import io.vidsift.simulator.RequestCounters;
import io.vidsift.simulator.ScenarioLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The downloader as deployed: the Quarkus app consuming vidsift.chunks from a real broker and downloading from
 * the simulator over 127.0.0.1, authenticated with client credentials.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DownloaderFlowTest {

    static final long T0 = 1_770_080_400L; // 2026-02-03 09:00:00 +08:00
    static final String SECRET = "SENTINEL-SECRET-7c41e9";
    static final String TOKEN_PREFIX = "SENTINEL-TOKEN-";
    static final Path STORAGE = Path.of("target/test-storage").toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(90);

    static final String VIDEO = "video: {width: 64, height: 48, fps: 1, keyframe_seconds: 60, square_size: 16,"
            + " speed_pixels_per_second: 8, move_seconds: 10, still_seconds: 20}\n";
    static final String TOKEN = """
            token:
              lifetime_seconds: 3600
              issued_prefix: "%s"
              clients: [{client_id: vidsift-test-client, client_secret: "%s"}]
            """.formatted(TOKEN_PREFIX, SECRET);

    static HikCloudSimulator main;
    static HikCloudSimulator faulty;
    static HikCloudSimulator revoking;
    static KafkaTap kafka;
    static final StorageLayout LAYOUT = new StorageLayout(STORAGE);

    @BeforeAll
    static void start() throws IOException {
        // Stale files from an earlier run would make the dry-run and resume checks meaningless.
        if (Files.exists(STORAGE)) {
            try (Stream<Path> files = Files.walk(STORAGE)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        EmbeddedKafka.createTopics(SharedKafka.bootstrapServers(),
                List.of(Topics.CHUNKS, Topics.DOWNLOADS, Topics.VIDEOS, Topics.deadLetter(Topics.CHUNKS)), SharedKafka.PARTITIONS);
        kafka = new KafkaTap(SharedKafka.bootstrapServers());
        main = HikCloudSimulator.start(new ScenarioLoader().parse(TOKEN + VIDEO + """
                devices:
                  - device_serial: CAM_A
                    recordings: [{begin: %1$d, end: %2$d}]
                  - device_serial: CAM_B
                    recordings: [{begin: %1$d, end: %3$d}, {begin: %4$d, end: %2$d}]
                """.formatted(T0 - 3600, T0 + 7200, T0 + 1200, T0 + 2400)));
    }

    @AfterAll
    static void stop() {
        // All simulators stay up for the whole class: distinct ports mean distinct token caches in the downloader.
        for (HikCloudSimulator sim : new HikCloudSimulator[]{main, faulty, revoking}) {
            if (sim != null) {
                sim.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void isReadyWithItsTokenSource() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("hik-cloud-token-source"))
                .body("checks.find { it.name == 'hik-cloud-token-source' }.data.detail",
                        equalTo("token from client credentials from env VIDSIFT_TEST_CLIENT_ID/VIDSIFT_TEST_CLIENT_SECRET"));
    }

    @Test
    @Order(2)
    void twoDevicesOneHourWithAGap() throws Exception {
        TimeRange hour = new TimeRange(T0, T0 + 3600);
        List<String> cams = List.of("CAM_A", "CAM_B");

        // Dry run first: addresses only, nothing on storage.
        String dry = "job-dry-" + System.nanoTime();
        for (ChunkRequested chunk : Chunks.plan(dry, main.baseUrl(), cams, hour, 600, true, 10, 60)) {
            kafka.publish(chunk);
        }
        Map<String, DownloadRecorded> dryRecords = byChunk(awaitRecords(dry, 12));
        assertThat(dryRecords.values()).extracting(DownloadRecorded::status)
                .containsOnly(DownloadStatus.ADDRESS_OK, DownloadStatus.NO_RECORDING)
                .filteredOn(s -> s == DownloadStatus.ADDRESS_OK).hasSize(10);
        assertThat(dryRecords.values()).allSatisfy(r -> {
            assertThat(r.dryRun()).isTrue();
            assertThat(r.path()).isNull();
        });
        assertThat(main.counters().get(RequestCounters.DOWNLOAD)).isZero();
        assertThat(videoFiles()).isEmpty();

        // The real job: 12 chunks, 10 downloaded, the two in CAM_B's gap have no recording.
        String job = "job-main-" + System.nanoTime();
        List<ChunkRequested> chunks = Chunks.plan(job, main.baseUrl(), cams, hour, 600, false, 10, 60);
        assertThat(chunks).hasSize(12);
        for (ChunkRequested chunk : chunks) {
            kafka.publish(chunk);
        }
        Map<String, DownloadRecorded> records = byChunk(awaitRecords(job, 12));
        for (ChunkRequested chunk : chunks) {
            DownloadRecorded r = records.get(chunk.chunkId());
            var w = chunk.window();
            boolean gap = w.deviceSerial().equals("CAM_B") && w.requestedBegin() >= T0 + 1200 && w.requestedEnd() <= T0 + 2400;
            assertThat(r.schema()).isEqualTo(Schema.VERSION);
            assertThat(r.jobId()).isEqualTo(job);
            assertThat(r.source()).isEqualTo("hik_cloud");
            assertThat(r.retryCount()).isZero();
            assertThat(r.lastError()).isNull();
            assertThat(r.dryRun()).isFalse();
            assertThat(r.recordedAt()).isNotBlank();
            if (gap) {
                assertThat(r.status()).isEqualTo(DownloadStatus.NO_RECORDING);
                assertThat(r.window()).isEqualTo(w);
                assertThat(r.path()).isNull();
                assertThat(r.bytes()).isNull();
                assertThat(r.sha256()).isNull();
                assertThat(r.downloadUrlHost()).isNull();
                continue;
            }
            String path = StorageLayout.cloudVideo(w.deviceSerial(), 1, w.requestedBegin(), w.requestedEnd());
            assertThat(path).startsWith("downloads/hik_cloud/" + w.deviceSerial() + "/ch1/");
            assertThat(r.status()).isEqualTo(DownloadStatus.DOWNLOADED);
            assertThat(r.window()).isEqualTo(w.withActual(w.requestedBegin(), w.requestedEnd()));
            assertThat(r.path()).isEqualTo(path);
            assertThat(r.downloadUrlHost()).isEqualTo("127.0.0.1");
            Path file = LAYOUT.resolve(path);
            assertThat(r.bytes()).isEqualTo(Files.size(file));
            assertThat(r.sha256()).isEqualTo(sha256(file));
            Mp4Check.verify(file);
        }
        assertThat(records.values()).filteredOn(r -> r.status() == DownloadStatus.DOWNLOADED).hasSize(10);
        assertThat(videoFiles()).hasSize(10);
        assertThat(partFiles()).isEmpty();
        assertThat(main.counters().get(RequestCounters.DOWNLOAD)).isEqualTo(10);

        List<VideoReady> videos = kafka.await(Topics.VIDEOS, VideoReady.class, v -> v.jobId().equals(job), 10, WAIT);
        assertThat(videos).hasSize(10).allSatisfy(v -> {
            DownloadRecorded r = records.get(v.chunkId());
            assertThat(v.videoId()).isEqualTo(Ids.videoId(job, r.path()));
            assertThat(v.source()).isEqualTo("hik_cloud");
            assertThat(v.path()).isEqualTo(r.path());
            assertThat(v.sha256()).isEqualTo(r.sha256());
            assertThat(v.window()).isEqualTo(r.window());
            assertThat(v.outputDir()).isEqualTo("target/test-output/" + job);
        });
        assertThat(kafka.readAll(Topics.VIDEOS).stream().map(ConsumerRecord::value)).noneMatch(v -> v.contains(dry));

        // Running the finished job again: no download request at all, only the two gaps are asked again.
        long downloadsBefore = main.counters().get(RequestCounters.DOWNLOAD);
        long addressesBefore = main.counters().get(RequestCounters.ADDRESS);
        String rerun = "job-rerun-" + System.nanoTime();
        for (ChunkRequested chunk : Chunks.plan(rerun, main.baseUrl(), cams, hour, 600, false, 10, 60)) {
            kafka.publish(chunk);
        }
        List<DownloadRecorded> again = awaitRecords(rerun, 12);
        assertThat(again).filteredOn(r -> r.status() == DownloadStatus.DOWNLOADED).hasSize(10);
        assertThat(again).filteredOn(r -> r.status() == DownloadStatus.NO_RECORDING).hasSize(2);
        assertThat(main.counters().get(RequestCounters.DOWNLOAD)).isEqualTo(downloadsBefore);
        assertThat(main.counters().get(RequestCounters.ADDRESS) - addressesBefore).isEqualTo(2);
        kafka.await(Topics.VIDEOS, VideoReady.class, v -> v.jobId().equals(rerun), 10, WAIT);

        // A redelivered chunk of the first job: no second download, the same record again.
        ChunkRequested first = chunks.get(0);
        kafka.publish(first);
        List<DownloadRecorded> twice = kafka.await(Topics.DOWNLOADS, DownloadRecorded.class,
                r -> r.chunkId().equals(first.chunkId()), 2, WAIT);
        assertThat(twice.get(1)).isEqualTo(twice.get(0));
        assertThat(main.counters().get(RequestCounters.DOWNLOAD)).isEqualTo(downloadsBefore);
    }

    /** Expected retry_count of a case whose cause is transient: retried until vidsift.downloader.transient-deadline. */
    static final int PATIENT = -1;

    @Test
    @Order(3)
    void everyFaultEndsInItsDocumentedStatus() throws Exception {
        record Case(String serial, String fault, DownloadStatus status, int retries, String error) {
        }
        List<Case> cases = List.of(
                new Case("F_5XX_BURST", "{kind: http_5xx, target: address, requests: [1, 2]}", DownloadStatus.DOWNLOADED, 2, "address request: HTTP 503"),
                new Case("F_5XX_ALWAYS", "{kind: http_5xx, target: address, rate: 1.0, status: 502}", DownloadStatus.ADDRESS_FAILED, PATIENT, "address request: HTTP 502"),
                new Case("F_DL_5XX", "{kind: http_5xx, target: download, requests: [1]}", DownloadStatus.DOWNLOADED, 1, "download: HTTP 503"),
                new Case("F_TRUNC_ONCE", "{kind: truncated_body, target: download, requests: [1]}", DownloadStatus.DOWNLOADED, 1, "download"),
                new Case("F_TRUNC_ALWAYS", "{kind: truncated_body, target: download, rate: 1.0}", DownloadStatus.DOWNLOAD_FAILED, PATIENT, "download"),
                new Case("F_EXPIRED", "{kind: expired_url, target: address, requests: [1]}", DownloadStatus.DOWNLOADED, 1, "download link refused: HTTP 403"),
                new Case("F_EXPIRED_ALWAYS", "{kind: expired_url, target: address, rate: 1.0}", DownloadStatus.DOWNLOAD_FAILED, PATIENT,
                        "download link refused: HTTP 403, also with a fresh address"),
                new Case("F_MALFORMED", "{kind: malformed_json, target: address, rate: 1.0}", DownloadStatus.ADDRESS_FAILED, PATIENT,
                        "address request: malformed JSON answer"),
                new Case("F_RATE_ONCE", "{kind: rate_limit, target: address, requests: [1]}", DownloadStatus.DOWNLOADED, 1,
                        "code 10029: api rate limit exceeded"),
                new Case("F_RATE_ALWAYS", "{kind: rate_limit, target: address, rate: 1.0}", DownloadStatus.ADDRESS_FAILED, PATIENT,
                        "code 10029: api rate limit exceeded"),
                new Case("F_CODE", "{kind: error_code, target: address, rate: 1.0, code: '80430011', message: 'device offline'}",
                        DownloadStatus.ADDRESS_FAILED, 0, "code 80430011: device offline"),
                new Case("F_HANG_ADDRESS", "{kind: hang, target: address, requests: [1]}", DownloadStatus.DOWNLOADED, 1, "address request: timed out"),
                new Case("F_HANG_DOWNLOAD", "{kind: hang, target: download, requests: [1]}", DownloadStatus.DOWNLOADED, 1, "download timed out"),
                new Case("F_SLOW_ADDRESS", "{kind: slow, target: address, requests: [1], delay_ms: 300}", DownloadStatus.DOWNLOADED, 0, null),
                new Case("F_SLOW_DOWNLOAD", "{kind: slow, target: download, requests: [1], delay_ms: 500}", DownloadStatus.DOWNLOADED, 0, null),
                new Case("F_IRREGULAR", "{kind: irregular_timestamps, target: address, rate: 1.0}", DownloadStatus.DOWNLOADED, 0, null),
                new Case("F_UNKNOWN", null, DownloadStatus.ADDRESS_FAILED, 0, "code 20002: device or channel does not exist"));
        StringBuilder yaml = new StringBuilder(TOKEN + VIDEO + "devices:\n");
        for (Case c : cases) {
            if (c.fault() != null) {
                yaml.append("  - {device_serial: ").append(c.serial()).append(", recordings: [{begin: ").append(T0)
                        .append(", end: ").append(T0 + 7200).append("}]}\n");
            }
        }
        yaml.append("faults:\n");
        for (Case c : cases) {
            if (c.fault() != null) {
                yaml.append("  - ").append(c.fault().replace("{", "{device_serial: " + c.serial() + ", ")).append('\n');
            }
        }
        faulty = HikCloudSimulator.start(new ScenarioLoader().parse(yaml.toString()));
        HikCloudSimulator sim = faulty;
        {
            String job = "job-faults-" + System.nanoTime();
            List<ChunkRequested> chunks = new ArrayList<>();
            for (Case c : cases) {
                chunks.add(Chunks.chunk(job, sim.baseUrl(), c.serial(), T0, T0 + 300, false, 1, 3));
            }
            // The API refuses ranges over an hour; the planner never sends one, a hand-made message might.
            ChunkRequested tooLong = Chunks.chunk(job, sim.baseUrl(), "F_SLOW_ADDRESS", T0, T0 + 4000, false, 1, 3);
            chunks.add(tooLong);
            for (ChunkRequested chunk : chunks) {
                kafka.publish(chunk);
            }
            Map<String, DownloadRecorded> records = byChunk(awaitRecords(job, chunks.size()));
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                DownloadRecorded r = records.get(chunks.get(i).chunkId());
                assertThat(r.status()).as(c.serial()).isEqualTo(c.status());
                if (c.retries() == PATIENT) {
                    // Transient causes: tried again and again (more than one round of quick retries) until the
                    // deadline (3 s here), then recorded with that cause.
                    assertThat(r.retryCount()).as(c.serial() + " retry_count").isGreaterThan(3);
                } else {
                    assertThat(r.retryCount()).as(c.serial() + " retry_count").isEqualTo(c.retries());
                }
                if (c.error() == null) {
                    assertThat(r.lastError()).as(c.serial() + " last_error").isNull();
                } else {
                    assertThat(r.lastError()).as(c.serial() + " last_error").startsWith(c.error());
                }
                Path video = LAYOUT.resolve(StorageLayout.cloudVideo(c.serial(), 1, T0, T0 + 300));
                if (c.status() == DownloadStatus.DOWNLOADED) {
                    Mp4Check.verify(video);
                    assertThat(r.bytes()).isEqualTo(Files.size(video));
                } else {
                    assertThat(video).as(c.serial() + ": no final file").doesNotExist();
                    assertThat(r.path()).isNull();
                }
            }
            try (Stream<Path> files = Files.walk(STORAGE)) {
                assertThat(files.map(Path::toString)).as("no temp file or lease outlives its chunk")
                        .noneMatch(n -> n.endsWith(".part") || n.endsWith(".lease"));
            }
            DownloadRecorded longRange = records.get(tooLong.chunkId());
            assertThat(longRange.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
            assertThat(longRange.lastError()).startsWith("code 80430002");
            // The truncated download resumed where it broke off instead of starting over.
            assertThat(sim.counters().get("download_status.206")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void clientCredentialsAreRenewedOnceOn401() throws Exception {
        revoking = HikCloudSimulator.start(new ScenarioLoader().parse(TOKEN + VIDEO + """
                devices: [{device_serial: CAM_401, recordings: [{begin: %d, end: %d}]}]
                faults: [{kind: unauthorized, target: address, requests: [1]}]
                """.formatted(T0, T0 + 3600)));
        HikCloudSimulator sim = revoking;
        {
            String job = "job-401-" + System.nanoTime();
            kafka.publish(Chunks.chunk(job, sim.baseUrl(), "CAM_401", T0, T0 + 300, false, 5, 30));
            DownloadRecorded r = awaitRecords(job, 1).get(0);
            assertThat(r.status()).isEqualTo(DownloadStatus.DOWNLOADED);
            assertThat(r.retryCount()).isEqualTo(1);
            assertThat(r.lastError()).isEqualTo("address request: HTTP 401");
            assertThat(sim.counters().get(RequestCounters.TOKEN)).isEqualTo(2);
            assertThat(sim.counters().get(RequestCounters.ADDRESS)).isEqualTo(2);
        }
    }

    @Test
    @Order(5)
    void aJobCannotSendTheTokenToAnApiHostNobodyAllowed() throws Exception {
        // Only 127.0.0.1 is allowed. "localhost" reaches the very same simulator, so any request the downloader made
        // would show in its counters: the base URL, a download path and a token path that each move the host.
        String elsewhere = "localhost:" + main.port();
        String job = "job-elsewhere-" + System.nanoTime();
        ChunkRequested byBase = Chunks.chunk(job, "http://" + elsewhere, "CAM_A", T0, T0 + 600, false, 5, 30);
        ChunkRequested byDownloadPath = Chunks.withPaths(Chunks.chunk(job, main.baseUrl(), "CAM_A", T0 + 600, T0 + 1200, false, 5, 30),
                "@" + elsewhere + HikCloudConfig.DEFAULT_DOWNLOAD_PATH, HikCloudConfig.DEFAULT_TOKEN_PATH);
        ChunkRequested byTokenPath = Chunks.withPaths(Chunks.chunk(job, main.baseUrl(), "CAM_A", T0 + 1200, T0 + 1800, false, 5, 30),
                HikCloudConfig.DEFAULT_DOWNLOAD_PATH, "@" + elsewhere + HikCloudConfig.DEFAULT_TOKEN_PATH);
        long tokens = main.counters().get(RequestCounters.TOKEN);
        long addresses = main.counters().get(RequestCounters.ADDRESS);
        long downloads = main.counters().get(RequestCounters.DOWNLOAD);
        for (ChunkRequested chunk : List.of(byBase, byDownloadPath, byTokenPath)) {
            kafka.publish(chunk);
        }
        Map<String, DownloadRecorded> records = byChunk(awaitRecords(job, 3));
        Map<ChunkRequested, String> expected = Map.of(
                byBase, "api_base_url host " + elsewhere + " is not in vidsift.hik-cloud.allowed-api-hosts",
                byDownloadPath, "api_base_url + download_path host " + elsewhere + " is not in vidsift.hik-cloud.allowed-api-hosts",
                byTokenPath, "api_base_url + token_path host " + elsewhere + " is not in vidsift.hik-cloud.allowed-api-hosts");
        expected.forEach((chunk, error) -> {
            DownloadRecorded r = records.get(chunk.chunkId());
            // These windows' videos are on storage already (job-main): a refused API does not even get a skip.
            assertThat(r.status()).as(error).isEqualTo(DownloadStatus.ADDRESS_FAILED);
            assertThat(r.retryCount()).as(error).isZero();
            assertThat(r.lastError()).isEqualTo(error);
            assertThat(r.path()).isNull();
            assertThat(r.downloadUrlHost()).isNull();
        });
        assertThat(main.counters().get(RequestCounters.TOKEN)).as("token requests").isEqualTo(tokens);
        assertThat(main.counters().get(RequestCounters.ADDRESS)).as("address requests").isEqualTo(addresses);
        assertThat(main.counters().get(RequestCounters.DOWNLOAD)).as("download requests").isEqualTo(downloads);
        assertThat(kafka.readAll(Topics.VIDEOS).stream().map(ConsumerRecord::value)).noneMatch(v -> v.contains(job));
    }

    @Test
    @Order(6)
    void aPoisonMessageGoesToTheDeadLetterTopicAndWorkGoesOn() throws Exception {
        String key = "poison-" + System.nanoTime();
        kafka.publishRaw(key, "{ this is not a chunk");
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ConsumerRecord<String, String>> dead = List.of();
        while (System.nanoTime() < deadline) {
            dead = kafka.readAll(Topics.deadLetter(Topics.CHUNKS)).stream().filter(r -> key.equals(r.key())).toList();
            if (!dead.isEmpty()) {
                break;
            }
            KafkaTap.sleep(250);
        }
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo("{ this is not a chunk");
        assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("ChunkRequested");

        String job = "job-after-poison-" + System.nanoTime();
        kafka.publish(Chunks.chunk(job, main.baseUrl(), "CAM_A", T0 + 3600, T0 + 3900, false, 5, 30));
        assertThat(awaitRecords(job, 1).get(0).status()).isEqualTo(DownloadStatus.DOWNLOADED);
    }

    @Test
    @Order(7)
    void noSecretReachesStorageLogsOrTopics() throws Exception {
        // A line that carries every kind of secret must come out of the log filter clean.
        Logger.getLogger("io.vidsift.test").infof("redaction-probe Authorization: bearer %s1 url=http://h/x.mp4?Expires=1&Signature=%s2 body={\"client_secret\":\"%s\"}",
                TOKEN_PREFIX, TOKEN_PREFIX, SECRET);
        List<String> sentinels = List.of(SECRET, TOKEN_PREFIX, "Signature=", "OSSAccessKeyId");
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(STORAGE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                sentinels.stream().filter(text::contains).forEach(s -> leaks.add(file + " contains " + s));
            }
        }
        Path log = Path.of("target/downloader-test.log");
        assertThat(log).exists();
        String logText = Files.readString(log);
        assertThat(logText).contains("redaction-probe Authorization: <redacted>").contains("x.mp4?<redacted>");
        sentinels.stream().filter(logText::contains).forEach(s -> leaks.add("log contains " + s));
        for (String topic : List.of(Topics.CHUNKS, Topics.DOWNLOADS, Topics.VIDEOS, Topics.deadLetter(Topics.CHUNKS))) {
            for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
                String text = record.key() + " " + record.value();
                sentinels.stream().filter(text::contains).forEach(s -> leaks.add(topic + " record contains " + s));
            }
        }
        assertThat(leaks).isEmpty();
        // The sentinel did flow: tokens were issued with it and used.
        assertThat(main.counters().get(RequestCounters.TOKEN)).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(8)
    void metricsCountChunksBytesAndDownloadTimes() throws Exception {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        // Every chunk of this class ended in one of these; each status was reached at least once above.
        for (DownloadStatus status : DownloadStatus.values()) {
            assertThat(metric(metrics, "vidsift_chunks_total", "status=\"" + status.key() + "\"")).as(status.key()).isGreaterThanOrEqualTo(1);
        }
        assertThat(metric(metrics, "vidsift_chunks_total", "status=\"downloaded\"")).isGreaterThanOrEqualTo(10 + 10 + 1);
        // The "always failing" fault cases were setbacks first, final only at the deadline.
        for (String cause : List.of("api_unavailable", "rate_limited", "download_unavailable", "link_refused")) {
            assertThat(metric(metrics, "vidsift_downloader_setbacks_total", "cause=\"" + cause + "\"")).as(cause).isGreaterThanOrEqualTo(1);
        }
        assertThat(metric(metrics, "vidsift_downloader_outages", "")).isNotNegative();
        // Storage was empty when the class started and every final video on it was downloaded by this app.
        List<Path> videos;
        try (Stream<Path> files = Files.walk(STORAGE.resolve("downloads/hik_cloud"))) {
            videos = files.filter(p -> p.toString().endsWith(".mp4")).toList();
        }
        long bytes = 0;
        for (Path video : videos) {
            bytes += Files.size(video);
        }
        assertThat(videos).hasSizeGreaterThanOrEqualTo(10);
        assertThat(metric(metrics, "vidsift_download_bytes_total", "")).isGreaterThanOrEqualTo(bytes);
        assertThat(metric(metrics, "vidsift_download_seconds_count", "")).isGreaterThanOrEqualTo(videos.size());
        assertThat(metric(metrics, "vidsift_download_seconds_sum", "")).isGreaterThan(0);
        assertThat(metric(metrics, "vidsift_download_seconds_max", "")).isNotNegative(); // decays with time: present only
        assertThat(metrics).contains("application=\"vidsift-downloader\"")
                .doesNotContain(SECRET).doesNotContain(TOKEN_PREFIX).doesNotContain("localhost:");
    }

    /** The value of the one sample of {@code name} whose labels contain {@code label}. */
    private static double metric(String scrape, String name, String label) {
        List<Double> values = scrape.lines()
                .filter(l -> l.startsWith(name + "{") && l.substring(0, l.indexOf('}')).contains(label))
                .map(l -> Double.parseDouble(l.substring(l.indexOf("} ") + 2).split(" ")[0]))
                .toList();
        assertThat(values).as(name + " {" + label + "} in\n" + scrape.lines().filter(l -> l.startsWith("vidsift_")).collect(Collectors.joining("\n")))
                .hasSize(1);
        return values.get(0);
    }

    private static List<DownloadRecorded> awaitRecords(String jobId, int count) {
        List<DownloadRecorded> records = kafka.await(Topics.DOWNLOADS, DownloadRecorded.class, r -> r.jobId().equals(jobId), count, WAIT);
        assertThat(records).hasSize(count);
        // Keyed by job: the aggregator folds each record on the partition it is read from.
        assertThat(kafka.readAll(Topics.DOWNLOADS)).filteredOn(r -> r.value().contains("\"job_id\":\"" + jobId + "\""))
                .hasSizeGreaterThanOrEqualTo(count).allSatisfy(r -> assertThat(r.key()).isEqualTo(jobId));
        return records;
    }

    private static Map<String, DownloadRecorded> byChunk(List<DownloadRecorded> records) {
        return records.stream().collect(Collectors.toMap(DownloadRecorded::chunkId, Function.identity()));
    }

    private static List<Path> videoFiles() throws IOException {
        return files(".mp4");
    }

    private static List<Path> partFiles() throws IOException {
        return files(".part");
    }

    private static List<Path> files(String suffix) throws IOException {
        Path dir = STORAGE.resolve("downloads/hik_cloud");
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(suffix) && (p.toString().contains("CAM_A") || p.toString().contains("CAM_B"))).toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
