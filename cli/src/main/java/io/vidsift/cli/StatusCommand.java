package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a job's status from the aggregator (the local stack's unless --aggregator or "
                + ApiOptions.AGGREGATOR_ENV + " names one); --watch follows it to completion.%n"
                + "Exit 0 completed, 1 completed with failures or still running, 3 aggregator unreachable.")
public class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
    String jobId;

    @Option(names = "--aggregator", paramLabel = "URL", description = "The aggregator's base URL (default: env "
            + ApiOptions.AGGREGATOR_ENV + ", else the local stack's).")
    String aggregator;

    @Option(names = "--watch", description = "Follow the job until it completes.")
    boolean watch;

    @Option(names = "--timeout-minutes", defaultValue = "720", description = "With --watch: give up after this long.")
    int timeoutMinutes;

    @Override
    public Integer call() throws Exception {
        JobClient client = new JobClient();
        Endpoint target = api.aggregator(aggregator);
        Optional<JsonNode> status = watch
                ? new JobWatch(client, spec.commandLine().getOut(), System.console() != null).await(target, jobId, Duration.ofMinutes(timeoutMinutes))
                : client.status(target, jobId);
        if (watch && status.isPresent()) {
            // Whoever watched a job to its end reads its files next: wait for their final version.
            JobSummary.awaitFinalFiles(status.get());
        }
        if (status.isEmpty()) {
            spec.commandLine().getErr().println("error: JOB: " + (watch ? "did not complete in time: " : "unknown job: ") + jobId);
            return ExitCode.COMPLETED_WITH_FAILURES;
        }
        spec.commandLine().getOut().println(new io.vidsift.common.messages.MessageCodec().mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(status.get()));
        return JobWatch.exitCode(status.get());
    }
}
