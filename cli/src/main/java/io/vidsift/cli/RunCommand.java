package io.vidsift.cli;

import io.vidsift.cli.stack.StackOptions;
import io.vidsift.common.config.InvalidConfigException;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.LoadedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one job on an embedded stack (no simulator): the real Hik Cloud API, or local mode.%n"
                + "Config errors and a missing token source are reported before anything starts (exit 2).")
public class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The job YAML.")
    Path config;

    @Option(names = "--dry-run", description = "Request download addresses only: no downloads, no analysis.")
    boolean dryRun;

    @Option(names = "--output", description = "Override output.dir.")
    Path output;

    @Option(names = "--work-dir", defaultValue = ".vidsift/run", description = "Kafka data and logs (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--timeout-minutes", defaultValue = "720", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Override
    public Integer call() throws IOException {
        LoadedConfig loaded;
        try {
            loaded = ConfigCheck.load(config, System.getenv());
        } catch (InvalidConfigException e) {
            return ConfigCheck.report(e, spec.commandLine().getErr());
        }
        JobConfig job = loaded.job();
        Path base = config.toAbsolutePath().getParent();
        Path outputDir = output != null ? output.toAbsolutePath() : base.resolve(job.outputDir()).normalize();
        Path storage = base.resolve(job.storageRoot()).normalize();
        StackOptions options = new StackOptions(workDir.toAbsolutePath(), storage, null,
                DownloaderEnv.forJob(job.hikCloud(), loaded.literalAccessToken())).withOutputRoot(outputDir);
        String text = new JobText(Files.readString(config)).absolutePaths(base, storage).withoutLiteralToken().yaml();
        return new LocalRun(spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(options, info -> text, dryRun ? Boolean.TRUE : null, outputDir, Duration.ofMinutes(timeoutMinutes));
    }
}
