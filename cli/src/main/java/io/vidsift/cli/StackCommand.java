package io.vidsift.cli;

import io.vidsift.cli.stack.Home;
import io.vidsift.cli.stack.InputMount;
import io.vidsift.cli.stack.InputMounts;
import io.vidsift.cli.stack.Stack;
import io.vidsift.cli.stack.StackInfo;
import io.vidsift.cli.stack.StackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Keep the embedded stack running between jobs: up, down, status.",
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class})
public class StackCommand {

    static final String DEFAULT_DIR = ".vidsift/stack";

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start Kafka and the four services in the background.")
    static class Up implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--work-dir", defaultValue = DEFAULT_DIR, description = "Kafka data, storage, logs, stack.json (default: ${DEFAULT-VALUE}).")
        Path workDir;

        @Option(names = "--storage", paramLabel = "DIR", description = "The storage root shared by the services (default: <work-dir>/storage).")
        Path storage;

        @Option(names = "--input", paramLabel = "DIR", description = "A folder outside the storage root that local-mode jobs may read "
                + "(repeatable): linked as <storage>/inputs/<name>; 'vidsift submit' maps an input_dir inside it onto that link.")
        java.util.List<Path> inputs = new java.util.ArrayList<>();

        @Option(names = "--output-root", paramLabel = "DIR", description = "A folder outside the storage root where jobs may write "
                + "their output.dir (repeatable); relative output dirs land under the storage root.")
        java.util.List<Path> outputRoots = new java.util.ArrayList<>();

        @Option(names = "--with-simulator", description = "Also start the Hik Cloud simulator with this scenario file.")
        Path scenario;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path work = workDir.toAbsolutePath();
            Optional<StackInfo> running = Stack.read(work).filter(Stack::anyAlive);
            if (running.isPresent()) {
                out.println("already up: " + work.resolve(Stack.STATE_FILE));
                if (storage != null || scenario != null || !inputs.isEmpty() || !outputRoots.isEmpty()) {
                    // A running stack keeps the folders it was started with; saying nothing would look like success.
                    spec.commandLine().getErr().println("note: --storage, --input, --output-root and --with-simulator apply when a stack "
                            + "starts: run 'vidsift stack down' first to change them");
                }
                return ExitCode.COMPLETED;
            }
            Stack stack = new Stack(Home.locate());
            // With the simulator, the downloader gets the demo's client credentials so demo jobs run at once.
            Map<String, String> env = scenario == null ? Map.of() : DownloaderEnv.demoClient();
            try {
                Path root = storage != null ? storage.toAbsolutePath() : work.resolve("storage");
                StackOptions options = new StackOptions(work, root, scenario, env).withInputs(inputs);
                for (Path output : outputRoots) {
                    options = options.withOutputRoot(output.toAbsolutePath());
                }
                StackInfo info = stack.start(options);
                Status.print(info, out);
                return ExitCode.COMPLETED;
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }
    }

    /** The commands that act on a stack started before: read its stack.json, or say there is none. */
    abstract static class ExistingStack implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--work-dir", defaultValue = DEFAULT_DIR, description = "The stack's work dir (default: ${DEFAULT-VALUE}).")
        Path workDir;

        @Override
        public Integer call() {
            Optional<StackInfo> info = Stack.read(workDir.toAbsolutePath());
            if (info.isEmpty()) {
                spec.commandLine().getOut().println("no stack in " + workDir.toAbsolutePath());
                return whenMissing();
            }
            return with(info.get(), spec.commandLine().getOut());
        }

        abstract int whenMissing();

        abstract int with(StackInfo info, PrintWriter out);
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop a stack started with 'stack up'.")
    static class Down extends ExistingStack {
        @Override
        int whenMissing() {
            return ExitCode.COMPLETED;
        }

        @Override
        int with(StackInfo info, PrintWriter out) {
            Stack.stop(info);
            InputMounts.unmount(info.inputs());
            boolean left = Stack.anyAlive(info);
            out.println(left ? "some processes did not stop" : "stack stopped");
            return left ? ExitCode.INFRASTRUCTURE : ExitCode.COMPLETED;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the stack's processes and addresses.")
    static class Status extends ExistingStack {
        @Override
        int whenMissing() {
            return ExitCode.INFRASTRUCTURE;
        }

        @Override
        int with(StackInfo info, PrintWriter out) {
            print(info, out);
            return Stack.anyAlive(info) ? ExitCode.COMPLETED : ExitCode.INFRASTRUCTURE;
        }

        static void print(StackInfo info, PrintWriter out) {
            out.printf("kafka      %s%nplanner    %s%naggregator %s%n", info.bootstrapServers(), info.plannerUrl(), info.aggregatorUrl());
            if (info.simulatorUrl() != null) {
                out.printf("simulator  %s%n", info.simulatorUrl());
            }
            out.printf("storage    %s%n", info.storageRoot());
            for (InputMount input : info.inputs()) {
                out.printf("input      %s (as %s)%n", input.dir(), input.relative());
            }
            for (StackInfo.Member member : info.processes()) {
                boolean alive = ProcessHandle.of(member.pid()).map(ProcessHandle::isAlive).orElse(false);
                out.printf("  %-20s pid %-8d port %-6d %-5s restarts %-3d %s%n", member.name(), member.pid(), member.port(),
                        alive ? "up" : "down", member.restarts(), member.log());
            }
            out.flush();
        }
    }
}
