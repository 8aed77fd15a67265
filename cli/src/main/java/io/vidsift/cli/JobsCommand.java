package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List jobs with their state and progress, from the aggregator (the local stack's unless --aggregator or "
                + ApiOptions.AGGREGATOR_ENV + " names one).")
public class JobsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--aggregator", paramLabel = "URL", description = "The aggregator's base URL (default: env "
            + ApiOptions.AGGREGATOR_ENV + ", else the local stack's).")
    String aggregator;

    @Option(names = "--limit", defaultValue = "50", description = "Jobs per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--after", paramLabel = "JOB", description = "Start after this job id (the next page).")
    String after;

    @Option(names = "--all", description = "Follow every page instead of printing one.")
    boolean all;

    @Override
    public Integer call() {
        if (limit < 1) {
            spec.commandLine().getErr().println("error: --limit: must be at least 1 (was " + limit + ")");
            return ExitCode.USAGE;
        }
        Endpoint target = api.aggregator(aggregator);
        JobClient client = new JobClient();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-40s %-24s %5s %9s %9s %7s  %s%n", "JOB", "STATE", "PROG", "PLANNED", "DONE", "FAILED", "NAME");
        String cursor = after;
        do {
            JobClient.JobPage page = client.jobs(target, limit, cursor);
            page.jobs().forEach(job -> out.println(row(job)));
            // An aggregator that ignores paging sends everything at once and no cursor: that is the last page too.
            cursor = page.nextAfter();
            if (!all && cursor != null) {
                out.flush();
                spec.commandLine().getErr().println("more: vidsift jobs --after " + cursor);
            }
        } while (all && cursor != null);
        out.flush();
        return ExitCode.COMPLETED;
    }

    static String row(JsonNode job) {
        JsonNode counts = job.path("counts");
        long planned = counts.path("chunks_planned").asLong() + counts.path("files_planned").asLong();
        long done = job.path("chunks").path("terminal").asLong() + job.path("videos").path("analyzed").asLong();
        return String.format("%-40s %-24s %4d%% %9d %9d %7d  %s", job.path("job_id").asText(), job.path("state").asText("?"),
                Math.round(Math.max(0, Math.min(1, job.path("progress").asDouble(0))) * 100), planned, done,
                JobWatch.failed(job), job.path("name").asText(""));
    }
}
