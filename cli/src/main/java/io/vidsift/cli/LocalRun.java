package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.cli.stack.Home;
import io.vidsift.cli.stack.Stack;
import io.vidsift.cli.stack.StackInfo;
import io.vidsift.cli.stack.StackOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job on the embedded stack from start to finish: start, submit, watch, summarise, stop. The stack is
 * stopped on every path out, including Ctrl-C and SIGTERM (a shutdown hook), so no child process outlives it.
 */
final class LocalRun {

    static final List<String> OUTPUTS = List.of("hik_cloud_download_manifest.jsonl", "video_manifest.jsonl", "results.jsonl",
            "summary.json", "report.html");

    private final PrintWriter out;
    private final PrintWriter err;

    LocalRun(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** {@code job} gives the job text once the stack is up (the demo points it at the simulator's port). */
    int run(StackOptions options, java.util.function.Function<StackInfo, String> job, Boolean dryRun, Path outputDir, Duration timeout) {
        Stack stack = new Stack(Home.locate());
        Thread hook = new Thread(() -> {
            err.println();
            err.println("stopping the stack...");
            err.flush();
            stack.close();
        }, "vidsift-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long started = System.nanoTime();
            out.println("starting the stack in " + options.workDir() + " (logs in " + options.workDir().resolve("logs") + ")");
            out.flush();
            StackInfo info = stack.start(options);
            stack.supervise();
            out.printf("stack up in %.1f s: kafka %s, planner %s, aggregator %s%s%n", (System.nanoTime() - started) / 1e9,
                    info.bootstrapServers(), info.plannerUrl(), info.aggregatorUrl(),
                    info.simulatorUrl() == null ? "" : ", simulator " + info.simulatorUrl());
            JobClient client = new JobClient();
            JsonNode accepted = client.submit(info.plannerUrl(), job.apply(info), dryRun, outputDir.toAbsolutePath().toString());
            String jobId = accepted.path("job_id").asText();
            out.printf("job %s: %s, %d chunks, %d files%n", jobId, accepted.path("mode").asText(), accepted.path("chunks").asLong(),
                    accepted.path("files").asLong());
            out.flush();
            Optional<JsonNode> last = new JobWatch(client, out, System.console() != null).await(info.aggregatorUrl(), jobId, timeout);
            if (last.isEmpty()) {
                err.println("error: job " + jobId + " did not complete within " + timeout.toMinutes() + " min; logs: " + options.workDir().resolve("logs"));
                return ExitCode.INFRASTRUCTURE;
            }
            summarize(last.get(), outputDir);
            return "completed".equals(last.get().path("state").asText()) ? ExitCode.COMPLETED : ExitCode.COMPLETED_WITH_FAILURES;
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already; it found the stack closed.
            }
        }
    }

    void summarize(JsonNode status, Path outputDir) {
        awaitOutputs(status);
        out.println();
        out.printf("%-20s %s%n", "job", status.path("job_id").asText());
        out.printf("%-20s %s%n", "state", status.path("state").asText());
        section("chunks", status.path("chunks").path("planned"), status.path("chunks").path("by_status"));
        section("videos", status.path("videos").path("expected"), status.path("videos").path("by_status"));
        out.printf("%-20s %s%n", "clips", status.path("counts").path("clips").asText("0"));
        out.println();
        out.println("outputs:");
        for (String name : OUTPUTS) {
            Path file = outputDir.resolve(name).toAbsolutePath();
            out.printf("  %-36s %s%n", name, Files.isRegularFile(file) ? file + " (" + size(file) + " bytes)" : "(not written)");
        }
        out.flush();
    }

    /** A total and its non-zero statuses, e.g. "chunks 36" then "  downloaded 33". */
    private void section(String name, JsonNode total, JsonNode byStatus) {
        if (total.isMissingNode() || total.asLong() == 0) {
            return;
        }
        out.printf("%-20s %d%n", name, total.asLong());
        for (Iterator<Map.Entry<String, JsonNode>> it = byStatus.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> count = it.next();
            if (count.getValue().asLong() > 0) {
                out.printf("  %-18s %d%n", count.getKey(), count.getValue().asLong());
            }
        }
    }

    /** The aggregator flushes files shortly after the state turns complete; wait for those it lists. */
    private static void awaitOutputs(JsonNode status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("outputs").fields(); it.hasNext(); ) {
            Path file = Path.of(it.next().getValue().asText());
            while (!Files.isRegularFile(file) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
