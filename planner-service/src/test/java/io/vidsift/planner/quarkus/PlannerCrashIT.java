package io.vidsift.planner.quarkus;

import io.restassured.RestAssured;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.kafka.SharedKafka;
import io.vidsift.kafka.TopicReader;
import io.vidsift.planner.PlanProgress;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The packaged planner, SIGKILLed while it publishes a 100,000-chunk dry-run job, is started again and finishes
 * it: every chunk id is on vidsift.chunks (the batches after the last journaled cursor may be there twice), a
 * second job accepted meanwhile is published too, and the Idempotency-Key still answers the first job id.
 */
class PlannerCrashIT {

    private static final String KEY = "crash-it-api-key";
    private static final String SENTINEL = "sentinel-AccessToken-crash-9d1e";
    private static final int DEVICES = 10;
    private static final long SECONDS = 10_000;
    private static final long BEGIN = 1770080400L;

    private final MessageCodec codec = new MessageCodec();
    private final String bootstrap = SharedKafka.bootstrapServers();
    private final Path storage = Path.of("target", "crash-it-" + UUID.randomUUID());
    private final List<Process> planners = new ArrayList<>();

    @AfterEach
    void stopPlanners() {
        planners.forEach(Process::destroy);
    }

    private static String job(String outputDir, int devices, long seconds) {
        StringBuilder yaml = new StringBuilder("source: {mode: hik_cloud}\ndry_run: true\noutput: {dir: " + outputDir + "}\n")
                .append("hik_cloud:\n  access_token: ").append(SENTINEL).append("\n  chunk_seconds: 1\n  devices:\n");
        for (int i = 0; i < devices; i++) {
            yaml.append("    - {device_serial: CRASH").append(i).append(", channel_no: 1}\n");
        }
        return yaml.append("  time_ranges: [{begin: ").append(BEGIN).append(", end: ").append(BEGIN + seconds).append("}]\n").toString();
    }

    @Test
    void aPlannerKilledMidPublishCompletesTheJobAfterRestart() throws Exception {
        Files.createDirectories(storage);
        Api.createPipelineTopics();
        int port = freePort();
        Process first = startPlanner(port, "first");
        String big = job("big", DEVICES, SECONDS);
        String bigId = submit(port, big, "crash-key").then().statusCode(202).body("chunks", equalTo((int) (DEVICES * SECONDS)))
                .extract().path("job_id");
        String smallId = submit(port, job("small", 1, 600), null).then().statusCode(202).extract().path("job_id");

        long cursor;
        try (JournalWatch journal = new JournalWatch()) {
            cursor = journal.awaitCursor(bigId, 5 * 512L);
            first.destroyForcibly().waitFor();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(cursor).isLessThan(DEVICES * SECONDS);
            assertThat(journal.published(bigId)).as("killed before the plan was published").isFalse();

            Process second = startPlanner(port, "second");
            journal.awaitPublished(bigId);
            journal.awaitPublished(smallId);
            assertThat(second.isAlive()).isTrue();
        }

        submit(port, big, "crash-key").then().statusCode(202).header("Idempotent-Replayed", "true").body("job_id", equalTo(bigId));

        List<ConsumerRecord<String, String>> chunks = new TopicReader(bootstrap).readAll(Topics.CHUNKS);
        List<String> bigIds = chunkIds(chunks, bigId);
        Set<String> expected = new HashSet<>();
        for (int device = 0; device < DEVICES; device++) {
            for (long second = BEGIN; second < BEGIN + SECONDS; second++) {
                expected.add(Ids.chunkId(bigId, "CRASH" + device, 1, second, second + 1));
            }
        }
        assertThat(new HashSet<>(bigIds)).isEqualTo(expected);
        int duplicates = bigIds.size() - expected.size();
        System.out.printf("PlannerCrashIT: SIGKILL after cursor %d; %d chunk records for %d chunk ids (%d re-published)%n",
                cursor, bigIds.size(), expected.size(), duplicates);
        assertThat(duplicates).as("at most the batches in flight at the kill").isLessThanOrEqualTo(4 * 512);
        assertThat(new HashSet<>(chunkIds(chunks, smallId))).hasSize(600);
        assertThat(chunks).noneMatch(r -> r.value().contains(SENTINEL));
        for (String log : List.of("first", "second")) {
            assertThat(Files.readString(storage.resolve("planner-" + log + ".log"))).doesNotContain(SENTINEL);
        }
    }

    private List<String> chunkIds(List<ConsumerRecord<String, String>> records, String jobId) {
        String marker = "\"job_id\":\"" + jobId + "\"";
        return records.stream().filter(r -> r.value() != null && r.value().contains(marker))
                .map(r -> codec.read(r.value(), ChunkRequested.class).chunkId()).toList();
    }

    private io.restassured.response.Response submit(int port, String yaml, String idempotencyKey) {
        var request = Api.anonymous().port(port).header("Authorization", "Bearer " + KEY).contentType("application/yaml")
                .body(yaml.getBytes(StandardCharsets.UTF_8));
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/jobs");
    }

    private Process startPlanner(int port, String name) throws IOException {
        Path log = storage.resolve("planner-" + name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx256m",
                "-Dkafka.bootstrap.servers=" + bootstrap, "-Dquarkus.http.port=" + port,
                "-Dvidsift.storage.root=" + storage.toAbsolutePath(), "-Dvidsift.api-key=" + KEY,
                // No downloader here: publishing is not held back by outcomes.
                "-Dvidsift.planner.max-outstanding-per-job=0",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        planners.add(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (RestAssured.given().port(port).get("/q/health/ready").statusCode() == 200) {
                    return process;
                }
            } catch (Exception notListening) {
                // not up yet
            }
            pause(200);
        }
        throw new AssertionError("planner " + name + " not ready within 120 s (alive: " + process.isAlive() + "):\n" + Files.readString(log));
    }

    /**
     * Below the ephemeral range (KRaftConfig.freePort): the child binds it seconds later, and meanwhile a port
     * from that range can go to any outgoing connection, this JVM's Kafka clients included.
     */
    private static int freePort() {
        return io.vidsift.kafka.KRaftConfig.freePort();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Follows vidsift.plans from its start, as the planner's own recovery reads it. */
    private final class JournalWatch implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        private final Map<String, PlanProgress> latest = new java.util.HashMap<>();

        JournalWatch() {
            TopicPartition partition = new TopicPartition(Topics.PLANS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }

        private void poll() {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                if (record.value() == null) {
                    latest.remove(record.key());
                } else {
                    latest.put(record.key(), codec.read(record.value(), PlanProgress.class));
                }
            }
        }

        long awaitCursor(String jobId, long atLeast) {
            return await("cursor of " + jobId + " >= " + atLeast, () -> {
                PlanProgress cursor = latest.get(PlanProgress.cursorKey(jobId));
                return cursor != null && cursor.published() >= atLeast;
            }).get(PlanProgress.cursorKey(jobId)).published();
        }

        void awaitPublished(String jobId) {
            await(jobId + " published", () -> published(jobId));
        }

        boolean published(String jobId) {
            poll();
            PlanProgress plan = latest.get(jobId);
            return plan != null && "published".equals(plan.state());
        }

        private Map<String, PlanProgress> await(String what, java.util.function.BooleanSupplier condition) {
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                poll();
                if (condition.getAsBoolean()) {
                    return latest;
                }
            }
            throw new AssertionError("not within 180 s: " + what + "; journal: " + latest.keySet());
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
