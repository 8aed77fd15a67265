package io.vidsift.cli;

import picocli.CommandLine.Command;

@Command(name = "vidsift", mixinStandardHelpOptions = true, version = "vidsift 0.1.0",
        description = "Pull camera recordings out of Hik Cloud Storage and analyse them.%n"
                + "Exit codes: 0 completed, 1 completed with failures, 2 bad usage or config, 3 infrastructure failure.",
        subcommands = {DemoCommand.class, RunCommand.class, StackCommand.class, SubmitCommand.class, StatusCommand.class, JobsCommand.class,
                TopicsCommand.class, TailCommand.class})
public class VidsiftCommand {
}
