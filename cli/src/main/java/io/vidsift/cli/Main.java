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
        // Bad arguments and bad input are the user's to fix (2); anything else that fails while running is the
        // stack's or the network's (3). Either way one line, no stack trace.
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return e instanceof IllegalArgumentException || e instanceof io.vidsift.common.config.InvalidConfigException
                    ? ExitCode.USAGE : ExitCode.INFRASTRUCTURE;
        });
        return commandLine.execute(args);
    }
}
