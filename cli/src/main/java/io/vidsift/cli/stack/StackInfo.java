package io.vidsift.cli.stack;

import java.util.List;

/**
 * A running stack, as written to {@code stack.json} so that {@code vidsift stack status|down} and other commands
 * find it. {@code simulatorUrl} is null without the simulator.
 */
public record StackInfo(String workDir, String storageRoot, String bootstrapServers, String plannerUrl, String aggregatorUrl,
                        String simulatorUrl, List<Member> processes) {

    /** {@code restarts}: how often the supervisor started it again after it died (its pid is the current one). */
    public record Member(String name, long pid, int port, String log, int restarts) {
    }
}
