package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a job's status from the aggregator; --watch follows it to completion.%n"
                + "Exit 0 completed, 1 completed with failures or still running, 3 aggregator unreachable.")
public class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
    String jobId;

    @Option(names = "--aggregator", required = true, description = "The aggregator's base URL, e.g. http://127.0.0.1:8084.")
    String aggregator;

    @Option(names = "--watch", description = "Follow the job until it completes.")
    boolean watch;

    @Option(names = "--timeout-minutes", defaultValue = "720", description = "With --watch: give up after this long.")
    int timeoutMinutes;

    @Override
    public Integer call() throws Exception {
        JobClient client = new JobClient();
        Optional<JsonNode> status = watch
                ? new JobWatch(client, spec.commandLine().getOut(), System.console() != null).await(aggregator, jobId, Duration.ofMinutes(timeoutMinutes))
                : client.status(aggregator, jobId);
        if (status.isEmpty()) {
            spec.commandLine().getErr().println("error: JOB: " + (watch ? "did not complete in time: " : "unknown job: ") + jobId);
            return ExitCode.COMPLETED_WITH_FAILURES;
        }
        spec.commandLine().getOut().println(new io.vidsift.common.messages.MessageCodec().mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(status.get()));
        return "completed".equals(status.get().path("state").asText()) ? ExitCode.COMPLETED : ExitCode.COMPLETED_WITH_FAILURES;
    }
}
