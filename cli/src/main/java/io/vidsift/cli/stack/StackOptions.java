package io.vidsift.cli.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * What to start: where the stack keeps its data and logs, the shared storage root, whether to include the Hik
 * Cloud simulator (and with which scenario), and extra environment for the downloader (its token source).
 */
public record StackOptions(Path workDir, Path storageRoot, Path simulatorScenario, Map<String, String> downloaderEnv) {

    /**
     * Whether the downloader was given a token source. Without one it is alive but deliberately not ready (it
     * consumes nothing), which is right for local-mode jobs and a bare {@code stack up}: the stack then waits for
     * it to be live only.
     */
    public boolean downloaderHasTokenSource() {
        return downloaderEnv.keySet().stream()
                .anyMatch(k -> k.startsWith("VIDSIFT_HIK_CLOUD_") && !k.equals("VIDSIFT_HIK_CLOUD_ALLOWED_API_HOSTS"));
    }

    public boolean withSimulator() {
        return simulatorScenario != null;
    }
}
