package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vidsift.cli.stack.Stack;
import io.vidsift.cli.stack.StackInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands for a long-running stack, the way an operator strings them together: stack up (with an input folder
 * outside the storage root), submit, status --watch, a local job over that folder and its re-run from the analysis
 * cache, jobs, topics, tail, stack down. The stack's processes outlive `stack up`, so this test always brings it down.
 */
class StackIT {

    private static final Path HOME = Path.of(System.getProperty("vidsift.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @AfterEach
    void down() {
        Stack.read(dir.resolve("stack")).ifPresent(Stack::stop);
    }

    @Test
    void upSubmitWatchInspectDown() throws Exception {
        String work = dir.resolve("stack").toString();
        // A folder outside the storage root that local jobs on this stack may read.
        Path cams = Files.createDirectories(dir.resolve("elsewhere/cams"));
        var up = ConfigErrorsTest.run("stack", "up", "--work-dir", work, "--with-simulator", HOME.resolve("examples/demo-scenario.yaml").toString(),
                "--input", cams.toString(), "--output-root", dir.resolve("out").toString());
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.out()).contains("planner", "aggregator", "simulator");
        StackInfo info = Stack.read(Path.of(work)).orElseThrow();
        assertThat(ConfigErrorsTest.run("stack", "up", "--work-dir", work).out()).startsWith("already up");
        assertThat(ConfigErrorsTest.run("stack", "status", "--work-dir", work).code()).isZero();

        // One camera, one hour: 6 chunks, DEMO_B's gap 09:20-09:40 makes two of them no_recording.
        String job = """
                source: {mode: hik_cloud}
                hik_cloud:
                  api_base_url: %s
                  access_token_env: VIDSIFT_DEMO_ACCESS_TOKEN
                  client_id_env: VIDSIFT_DEMO_CLIENT_ID
                  client_secret_env: VIDSIFT_DEMO_CLIENT_SECRET
                  devices: [{device_serial: DEMO_B, channel_no: 1}]
                  time_ranges: [{begin: "2026-02-03 09:00:00", end: "2026-02-03 10:00:00"}]
                output: {dir: ignored-by-the-override}
                """.formatted(info.simulatorUrl());
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, job);
        // No addresses, no key: submit and status find the stack (and its API key) from its stack.json.
        var submitted = ConfigErrorsTest.run("submit", file.toString(), "--work-dir", work, "--output", dir.resolve("out").toString());
        assertThat(submitted.code()).as(submitted.err()).isZero();
        String jobId = submitted.out().strip();
        assertThat(jobId).startsWith("job-");

        var status = ConfigErrorsTest.run("status", jobId, "--work-dir", work, "--watch", "--timeout-minutes", "5");
        assertThat(status.code()).as(status.out() + status.err()).isZero();
        JsonNode last = new ObjectMapper().readTree(status.out().substring(status.out().indexOf('{')));
        assertThat(last.path("state").asText()).isEqualTo("completed");
        assertThat(last.path("chunks").path("by_status").path("downloaded").asInt()).isEqualTo(4);
        assertThat(last.path("chunks").path("by_status").path("no_recording").asInt()).isEqualTo(2);
        assertThat(dir.resolve("out/hik_cloud_download_manifest.jsonl")).isNotEmptyFile();

        // Groups commit their offsets a few seconds after the work (throttled commits), so ask until all three show.
        var topics = ConfigErrorsTest.run("topics", "--work-dir", work);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!topics.out().contains("vidsift-analyzer") && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            topics = ConfigErrorsTest.run("topics", "--work-dir", work);
        }
        assertThat(topics.code()).as(topics.err()).isZero();
        assertThat(topics.out()).contains("vidsift.chunks", "vidsift-downloader", "vidsift-analyzer", "vidsift-aggregator");

        var tail = ConfigErrorsTest.run("tail", "vidsift.jobs", "--from-beginning", "--max", "1", "--timeout-seconds", "30",
                "--bootstrap", info.bootstrapServers());
        assertThat(tail.code()).isZero();
        JsonNode record = new ObjectMapper().readTree(tail.out().lines().findFirst().orElseThrow());
        assertThat(record.path("topic").asText()).isEqualTo("vidsift.jobs");
        assertThat(record.path("value").path("job_id").asText()).isEqualTo(jobId);

        // A local job over the outside folder: submit maps it onto the stack's link, the analyzer reads through it.
        Path front = Files.createDirectories(cams.resolve("front"));
        try (var downloads = Files.walk(Path.of(info.storageRoot(), "downloads"))) {
            Files.copy(downloads.filter(f -> f.toString().endsWith(".mp4")).findFirst().orElseThrow(), front.resolve("door.mp4"));
        }
        Path local = Files.writeString(dir.resolve("local.yaml"), "source: {mode: local, local: {input_dir: %s}}\noutput: {dir: local-out}\n"
                .formatted(front));
        var first = ConfigErrorsTest.run("submit", local.toString(), "--work-dir", work, "--wait", "--timeout-minutes", "5");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        assertThat(first.err()).contains("analyzed").contains("eta");
        // The same job again, planned anew: its one video comes from the analysis cache.
        var again = ConfigErrorsTest.run("submit", local.toString(), "--work-dir", work, "--wait", "--rerun", "--timeout-minutes", "5");
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out().strip()).isNotEqualTo(first.out().strip());
        Path analyzerLog = Path.of(work, "logs", "analyzer-service.log");
        assertThat(Files.readString(analyzerLog)).contains("cache hit");
        var rerunStatus = ConfigErrorsTest.run("status", again.out().strip(), "--work-dir", work);
        assertThat(new ObjectMapper().readTree(rerunStatus.out()).path("videos").path("by_status").path("analyzed").asInt()).isEqualTo(1);

        var jobs = ConfigErrorsTest.run("jobs", "--work-dir", work);
        assertThat(jobs.code()).as(jobs.err()).isZero();
        assertThat(jobs.out()).contains(jobId, "completed", "100%");

        // The stack's key lives only in stack.json (owner-only) and the children's environment.
        assertThat(info.apiKey()).isNotBlank();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Path.of(work, Stack.STATE_FILE)))).isEqualTo("rw-------");
        for (String output : new String[]{up.out(), up.err(), submitted.out(), submitted.err(), status.out(), jobs.out()}) {
            assertThat(output).doesNotContain(info.apiKey());
        }

        var down = ConfigErrorsTest.run("stack", "down", "--work-dir", work);
        assertThat(down.out()).contains("stack stopped");
        assertThat(Files.exists(Path.of(info.storageRoot(), "inputs", "cams"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(front.resolve("door.mp4")).isRegularFile();
        assertThat(Stack.anyAlive(info)).isFalse();
    }
}
