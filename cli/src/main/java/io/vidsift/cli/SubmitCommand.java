package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.config.InvalidConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a job to a planner: the local stack's ('vidsift stack up') unless --planner or "
                + ApiOptions.PLANNER_ENV + " names one. Prints the job id.%n"
                + "Submitting the same job text again answers with the job already planned (Idempotency-Key); --rerun plans it anew.%n"
                + "With --wait: follows it and exits 0 completed, 1 completed with failures, 3 not completed in time.")
public class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "FILE", description = "The job YAML.")
    Path file;

    @Option(names = "--planner", paramLabel = "URL", description = "The planner's base URL (default: env "
            + ApiOptions.PLANNER_ENV + ", else the local stack's).")
    String planner;

    @Option(names = "--aggregator", paramLabel = "URL", description = "With --wait: the aggregator's base URL (default: env "
            + ApiOptions.AGGREGATOR_ENV + ", else the local stack's).")
    String aggregator;

    @Option(names = "--dry-run", description = "Request download addresses only.")
    boolean dryRun;

    @Option(names = "--output", description = "Override output.dir (a path as the services see it).")
    String output;

    @Option(names = "--wait", description = "Show the progress bar until the job ends; exit with the job's exit code.")
    boolean waitForIt;

    @Option(names = "--timeout-minutes", defaultValue = "720", description = "With --wait: give up after this long (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Send this Idempotency-Key (default: sha256 of the job text and overrides).")
    String idempotencyKey;

    @Option(names = "--rerun", description = "Plan the job again even if the same text was submitted before (sends no Idempotency-Key).")
    boolean rerun;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("error: FILE: no such file: " + file);
            return ExitCode.USAGE;
        }
        if (rerun && idempotencyKey != null) {
            spec.commandLine().getErr().println("error: --rerun: cannot be combined with --idempotency-key");
            return ExitCode.USAGE;
        }
        if (waitForIt && api.named(planner, ApiOptions.PLANNER_ENV) && !api.named(aggregator, ApiOptions.AGGREGATOR_ENV)) {
            // Watching the local stack's aggregator for a job sent elsewhere would wait for nothing.
            spec.commandLine().getErr().println("error: --wait: with a planner named by --planner or " + ApiOptions.PLANNER_ENV
                    + ", name its aggregator too (--aggregator or " + ApiOptions.AGGREGATOR_ENV + ")");
            return ExitCode.USAGE;
        }
        String yaml = Files.readString(file);
        JsonNode accepted;
        try {
            // Check here first: the same loader the planner runs, so mistakes show without a round trip.
            new ConfigLoader().parse(yaml);
            Endpoint target = api.planner(planner);
            JobText job = new JobText(yaml).withoutLiteralToken().throughInputMounts(api.localInputs());
            Boolean dry = dryRun ? Boolean.TRUE : null;
            String key = rerun ? null : idempotencyKey != null ? idempotencyKey : job.idempotencyKey(JobClient.query(dry, output));
            accepted = new JobClient().submit(target, job.yaml(), dry, output, key);
        } catch (InvalidConfigException e) {
            return ConfigCheck.report(e, spec.commandLine().getErr());
        }
        String jobId = accepted.path("job_id").asText();
        spec.commandLine().getOut().println(jobId);
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().printf("%s: %d chunks, %d files, output %s%n", accepted.path("mode").asText(),
                accepted.path("chunks").asLong(), accepted.path("files").asLong(), accepted.path("output_dir").asText());
        spec.commandLine().getErr().flush();
        return waitForIt ? await(jobId) : ExitCode.COMPLETED;
    }

    private int await(String jobId) {
        JobClient client = new JobClient();
        Optional<JsonNode> last = new JobWatch(client, spec.commandLine().getErr(), System.console() != null)
                .await(api.aggregator(aggregator), jobId, Duration.ofMinutes(timeoutMinutes));
        if (last.isEmpty()) {
            spec.commandLine().getErr().println("error: job " + jobId + " did not complete within " + timeoutMinutes + " min");
            return ExitCode.INFRASTRUCTURE;
        }
        new JobSummary(spec.commandLine().getErr()).print(last.get());
        return JobWatch.exitCode(last.get());
    }
}
