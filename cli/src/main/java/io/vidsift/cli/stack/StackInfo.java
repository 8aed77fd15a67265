package io.vidsift.cli.stack;

import java.util.List;

/**
 * A running stack, as written to {@code stack.json} (mode 600: it holds the stack's API key) so that
 * {@code vidsift stack status|down} and the other commands find it. {@code simulatorUrl} is null without the
 * simulator; {@code inputs} are the folders outside the storage root that the stack's jobs may read, each linked
 * into the storage root. {@link #toString()} leaves the key out.
 */
public record StackInfo(String workDir, String storageRoot, String bootstrapServers, String plannerUrl, String aggregatorUrl,
                        String simulatorUrl, List<Member> processes, String apiKey, List<InputMount> inputs) {

    public StackInfo {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    /** {@code restarts}: how often the supervisor started it again after it died (its pid is the current one). */
    public record Member(String name, long pid, int port, String log, int restarts) {
    }

    @Override
    public String toString() {
        return "StackInfo[workDir=" + workDir + ", storageRoot=" + storageRoot + ", bootstrapServers=" + bootstrapServers
                + ", plannerUrl=" + plannerUrl + ", aggregatorUrl=" + aggregatorUrl + ", simulatorUrl=" + simulatorUrl
                + ", processes=" + processes + ", apiKey=" + (apiKey == null ? "none" : "(set)") + ", inputs=" + inputs + "]";
    }
}
