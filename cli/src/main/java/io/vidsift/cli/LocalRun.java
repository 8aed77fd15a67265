package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.cli.stack.Home;
import io.vidsift.cli.stack.Stack;
import io.vidsift.cli.stack.StackInfo;
import io.vidsift.cli.stack.StackOptions;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One job on the embedded stack from start to finish: start, submit, watch, summarise, stop. The stack is
 * stopped on every path out, including Ctrl-C and SIGTERM (a shutdown hook), so no child process outlives it.
 */
final class LocalRun {

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
            Endpoint planner = new Endpoint(info.plannerUrl(), info.apiKey());
            String text = job.apply(info);
            String output = outputDir.toAbsolutePath().toString();
            // The key covers this run only: a retried request within it is planned once, while running the same
            // job again (its broker and aggregator state live on in the work dir) plans it anew, as a re-run should.
            String key = new JobText(text).idempotencyKey(JobClient.query(dryRun, output) + "\nrun " + java.util.UUID.randomUUID());
            JsonNode accepted = client.submit(planner, text, dryRun, output, key);
            String jobId = accepted.path("job_id").asText();
            out.printf("job %s: %s, %d chunks, %d files%n", jobId, accepted.path("mode").asText(), accepted.path("chunks").asLong(),
                    accepted.path("files").asLong());
            out.flush();
            Optional<JsonNode> last = new JobWatch(client, out, System.console() != null)
                    .await(new Endpoint(info.aggregatorUrl(), info.apiKey()), jobId, timeout);
            if (last.isEmpty()) {
                err.println("error: job " + jobId + " did not complete within " + timeout.toMinutes() + " min; logs: " + options.workDir().resolve("logs"));
                return ExitCode.INFRASTRUCTURE;
            }
            new JobSummary(out).print(last.get(), outputDir);
            return JobWatch.exitCode(last.get());
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already; it found the stack closed.
            }
        }
    }
}
