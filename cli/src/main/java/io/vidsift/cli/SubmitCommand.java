package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.config.InvalidConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a job to a running planner (deployed, or 'stack up'); prints the job id.")
public class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The job YAML.")
    Path file;

    @Option(names = "--planner", required = true, description = "The planner's base URL, e.g. http://127.0.0.1:8081.")
    String planner;

    @Option(names = "--dry-run", description = "Request download addresses only.")
    boolean dryRun;

    @Option(names = "--output", description = "Override output.dir (a path as the services see it).")
    String output;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("error: FILE: no such file: " + file);
            return ExitCode.USAGE;
        }
        String yaml = Files.readString(file);
        try {
            // Check here first: the same loader the planner runs, so mistakes show without a round trip.
            new ConfigLoader().parse(yaml);
            JsonNode accepted = new JobClient().submit(planner, new JobText(yaml).withoutLiteralToken().yaml(), dryRun ? Boolean.TRUE : null, output);
            spec.commandLine().getOut().println(accepted.path("job_id").asText());
            spec.commandLine().getErr().printf("%s: %d chunks, %d files, output %s%n", accepted.path("mode").asText(),
                    accepted.path("chunks").asLong(), accepted.path("files").asLong(), accepted.path("output_dir").asText());
            return ExitCode.COMPLETED;
        } catch (InvalidConfigException e) {
            return ConfigCheck.report(e, spec.commandLine().getErr());
        }
    }
}
