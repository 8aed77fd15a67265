package io.vidsift.cli;

import io.vidsift.cli.stack.Home;
import io.vidsift.cli.stack.StackOptions;
import io.vidsift.common.config.InvalidConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole stack on this machine against the Hik Cloud simulator with examples/demo.yaml:%n"
                + "2 cameras, a recording gap and an injected failure. Exits 1 because of that failure.")
public class DemoCommand implements Callable<Integer> {

    /** Client credentials the demo scenario's simulator accepts; they exist only in the demo. */
    static final String DEMO_CLIENT_ID_ENV = "VIDSIFT_DEMO_CLIENT_ID";
    static final String DEMO_CLIENT_SECRET_ENV = "VIDSIFT_DEMO_CLIENT_SECRET";
    static final Map<String, String> DEMO_CREDENTIALS = Map.of(DEMO_CLIENT_ID_ENV, "demo-client",
            DEMO_CLIENT_SECRET_ENV, "demo-secret");

    @Spec
    CommandSpec spec;

    @Option(names = "--work-dir", description = "Where the stack keeps Kafka data, storage and logs (default: ${DEFAULT-VALUE}).",
            defaultValue = ".vidsift/demo")
    Path workDir;

    @Option(names = "--output", description = "Where the manifests and report go (default: <work-dir>/output).")
    Path output;

    @Option(names = "--config", description = "The demo job (default: <vidsift home>/examples/demo.yaml).")
    Path config;

    @Option(names = "--scenario", description = "The simulator scenario (default: <vidsift home>/examples/demo-scenario.yaml).")
    Path scenario;

    @Option(names = "--timeout-minutes", defaultValue = "20", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Override
    public Integer call() throws IOException {
        Home home = Home.locate();
        Path job = config != null ? config : home.root().resolve("examples/demo.yaml");
        Path sim = scenario != null ? scenario : home.root().resolve("examples/demo-scenario.yaml");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(DEMO_CREDENTIALS);
        io.vidsift.common.config.LoadedConfig loaded;
        try {
            loaded = ConfigCheck.load(job, env);
        } catch (InvalidConfigException e) {
            return ConfigCheck.report(e, spec.commandLine().getErr());
        }
        if (!Files.isRegularFile(sim)) {
            spec.commandLine().getErr().println("error: --scenario: no such file: " + sim);
            return ExitCode.USAGE;
        }
        Path work = workDir.toAbsolutePath();
        Path outputDir = (output != null ? output : work.resolve("output")).toAbsolutePath();
        String text = Files.readString(job);
        Map<String, String> downloaderEnv = new HashMap<>(DEMO_CREDENTIALS);
        // The job's api_base_url becomes the simulator's once it runs: allow its host, 127.0.0.1, on any port.
        downloaderEnv.putAll(DownloaderEnv.forSimulatorJob(loaded.job().hikCloud(), loaded.literalAccessToken()));
        StackOptions options = new StackOptions(work, work.resolve("storage"), sim, downloaderEnv).withOutputRoot(outputDir);
        return new LocalRun(spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(options, info -> new JobText(text).apiBaseUrl(info.simulatorUrl()).yaml(), null, outputDir, Duration.ofMinutes(timeoutMinutes));
    }
}
