package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vidsift.cli.stack.Stack;
import io.vidsift.cli.stack.StackInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `vidsift demo` end to end, as a user runs it: a child JVM running the CLI, which starts the broker, the
 * simulator and the four services from their built jars. Needs the services packaged first, which the reactor
 * does (this module comes after them).
 */
class DemoIT {

    private static final Path HOME = Path.of(System.getProperty("vidsift.home", "..")).toAbsolutePath().normalize();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void demoProducesEveryOutputExitsOneForTheInjectedFailureAndLeavesNoProcess() throws Exception {
        Path log = work.resolve("cli.log");
        Process cli = cli(log, "demo", "--work-dir", work.resolve("stack").toString(), "--timeout-minutes", "12");
        assertThat(cli.waitFor(15, TimeUnit.MINUTES)).as("demo finished; log:%n%s", tail(log)).isTrue();
        String out = Files.readString(log);
        assertThat(cli.exitValue()).as(out).isEqualTo(ExitCode.COMPLETED_WITH_FAILURES);

        Path output = work.resolve("stack/output");
        for (String name : JobSummary.OUTPUTS) {
            assertThat(output.resolve(name)).as(name).isNotEmptyFile();
            assertThat(out).contains(output.resolve(name).toString());
        }
        List<JsonNode> manifest = rows(output.resolve("hik_cloud_download_manifest.jsonl"));
        // 2 cameras x 3 h / 10 min = 36 chunks; DEMO_B's gap is 2 chunks; one address is refused.
        assertThat(manifest).hasSize(36);
        Map<String, Long> byStatus = manifest.stream().collect(Collectors.groupingBy(r -> r.path("status").asText(), Collectors.counting()));
        assertThat(byStatus).containsEntry("no_recording", 2L).containsEntry("address_failed", 1L).containsEntry("downloaded", 33L);
        assertThat(rows(output.resolve("video_manifest.jsonl"))).hasSize(33);
        assertThat(rows(output.resolve("results.jsonl"))).isNotEmpty();
        assertThat(Files.readString(output.resolve("report.html"))).contains("<svg");

        StackInfo info = Stack.read(work.resolve("stack")).orElseThrow();
        assertThat(info.processes()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(Stack.anyAlive(info)).as("processes left: %s", info.processes()).isFalse();
        assertNoSecretsIn(work);
    }

    @Test
    void sigtermMidDemoLeavesNoChildAndNoHalfWrittenFile() throws Exception {
        Path log = work.resolve("cli.log");
        Path stackDir = work.resolve("stack");
        Process cli = cli(log, "demo", "--work-dir", stackDir.toString(), "--timeout-minutes", "12");
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!Files.readString(log).contains("] ") && System.nanoTime() < deadline && cli.isAlive()) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(log)).as("the job was running").contains("job ");
        cli.destroy();
        assertThat(cli.waitFor(2, TimeUnit.MINUTES)).isTrue();

        StackInfo info = Stack.read(stackDir).orElseThrow();
        assertThat(Stack.anyAlive(info)).as("processes left: %s", info.processes()).isFalse();
        try (Stream<Path> files = Files.walk(stackDir.resolve("output"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".part"));
        } catch (java.nio.file.NoSuchFileException noOutputYet) {
            // Stopped before the aggregator wrote anything: nothing half-written either.
        }
    }

    private Process cli(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dvidsift.home=" + HOME, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private List<JsonNode> rows(Path jsonl) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (!line.isBlank()) {
                rows.add(json.readTree(line));
            }
        }
        return rows;
    }

    /** The demo's client secret and the tokens the simulator issues never reach a file or a log. */
    private static void assertNoSecretsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/kafka/")).toList()) {
                if (file.toString().endsWith(".mp4")) {
                    continue;
                }
                String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain("demo-secret").doesNotContain("Signature=").doesNotContain("bearer sim-");
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
