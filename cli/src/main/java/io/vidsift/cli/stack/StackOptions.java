package io.vidsift.cli.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * What to start: where the stack keeps its data and logs, the shared storage root, whether to include the Hik
 * Cloud simulator (and with which scenario), and extra environment for the downloader (its token source).
 */
public record StackOptions(Path workDir, Path storageRoot, Path simulatorScenario, Map<String, String> downloaderEnv) {

    public boolean withSimulator() {
        return simulatorScenario != null;
    }
}
