package io.vidsift.cli;

import picocli.CommandLine;

/** Entry point of the {@code vidsift} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Kafka clients log through SLF4J (connection retries while a broker starts are WARN); a CLI prints only
        // what it means to say, and reports failures itself.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args));
    }

    static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new VidsiftCommand()).setOut(out).setErr(err);
        commandLine.setExitCodeExceptionMapper(e -> e instanceof StackException ? ExitCode.INFRASTRUCTURE : ExitCode.USAGE);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return e instanceof StackException ? ExitCode.INFRASTRUCTURE : ExitCode.USAGE;
        });
        return commandLine.execute(args);
    }
}
