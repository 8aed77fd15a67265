package io.vidsift.downloader.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vidsift.common.config.TimeRange;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.storage.StorageLayout;
import io.vidsift.kafka.EmbeddedKafka;
import io.vidsift.kafka.KafkaResource;
import io.vidsift.kafka.SharedKafka;
import io.vidsift.simulator.HikCloudSimulator;
import io.vidsift.simulator.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure that started issue 11: the API answers 503 to every address request for a while. Through the real
 * broker and the simulator, every chunk must end downloaded; none address_failed. The outage (6 s) is far longer
 * than one round of quick retries and far shorter than the transient deadline this profile sets (10 min).
 */
@QuarkusTest
@TestProfile(ApiOutageTest.Patient.class)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class ApiOutageTest {

    static final long T0 = DownloaderFlowTest.T0;
    static final Path STORAGE = DownloaderFlowTest.STORAGE;

    public static class Patient implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vidsift.downloader.transient-deadline", "10m");
        }
    }

    @Test
    void anApiOutageEndsWithEveryChunkDownloaded() throws Exception {
        // Files of an earlier run in this target/ would be skipped with no request, and the outage never met.
        for (String camera : List.of("OUT_A", "OUT_B")) {
            deleteTree(STORAGE.resolve("downloads/hik_cloud").resolve(camera));
        }
        EmbeddedKafka.createTopics(SharedKafka.bootstrapServers(),
                List.of(Topics.CHUNKS, Topics.DOWNLOADS, Topics.VIDEOS, Topics.deadLetter(Topics.CHUNKS)), SharedKafka.PARTITIONS);
        try (KafkaTap kafka = new KafkaTap(SharedKafka.bootstrapServers());
             HikCloudSimulator sim = HikCloudSimulator.start(new ScenarioLoader().parse(DownloaderFlowTest.TOKEN + DownloaderFlowTest.VIDEO + """
                     devices:
                       - {device_serial: OUT_A, recordings: [{begin: %1$d, end: %2$d}]}
                       - {device_serial: OUT_B, recordings: [{begin: %1$d, end: %2$d}]}
                     faults: [{kind: http_5xx, target: address, for_seconds: 6, status: 503}]
                     """.formatted(T0, T0 + 3600)))) {
            String job = "job-outage-" + System.nanoTime();
            List<ChunkRequested> chunks = Chunks.plan(job, sim.baseUrl(), List.of("OUT_A", "OUT_B"), new TimeRange(T0, T0 + 1800),
                    300, false, 5, 30);
            for (ChunkRequested chunk : chunks) {
                kafka.publish(chunk);
            }
            List<DownloadRecorded> records = kafka.await(Topics.DOWNLOADS, DownloadRecorded.class, r -> r.jobId().equals(job),
                    chunks.size(), Duration.ofMinutes(3));
            assertThat(records).hasSize(chunks.size());
            assertThat(records).extracting(DownloadRecorded::chunkId)
                    .containsExactlyInAnyOrderElementsOf(chunks.stream().map(ChunkRequested::chunkId).toList());
            StorageLayout layout = new StorageLayout(STORAGE);
            for (DownloadRecorded r : records) {
                assertThat(r.status()).as(r.chunkId() + ": " + r.lastError()).isEqualTo(DownloadStatus.DOWNLOADED);
                assertThat(r.sha256()).isEqualTo(sha256(layout.resolve(r.path())));
            }
            assertThat(records).as("the outage was met").anyMatch(r -> "address request: HTTP 503".equals(r.lastError()));
            assertThat(sim.counters().get("faults.http_5xx")).as("503s served").isGreaterThan(4);
        }
        String log = Files.readString(Path.of("target/downloader-test.log"));
        assertThat(log).contains("paused: api 127.0.0.1:").contains("resumed: api 127.0.0.1:");
        given().get("/q/health/ready").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(l -> l.startsWith("vidsift_downloader_setbacks_total{") && l.contains("api_unavailable")))
                .singleElement().satisfies(l -> assertThat(Double.parseDouble(l.substring(l.indexOf("} ") + 2))).isGreaterThanOrEqualTo(1));
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
