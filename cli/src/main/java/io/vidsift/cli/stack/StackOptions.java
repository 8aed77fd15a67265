package io.vidsift.cli.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to start: where the stack keeps its data and logs, the shared storage root, whether to include the Hik
 * Cloud simulator (and with which scenario), extra environment for the downloader (its token source), folders
 * outside the storage root that jobs may read ({@code inputs}, linked into the root) or write
 * ({@code outputRoots}: {@code vidsift run}'s and the demo's output dir, {@code stack up --output-root}), and the
 * stack's API key.
 */
public record StackOptions(Path workDir, Path storageRoot, Path simulatorScenario, Map<String, String> downloaderEnv,
                           List<Path> inputs, List<Path> outputRoots, String apiKey) {

    public StackOptions {
        inputs = List.copyOf(inputs);
        outputRoots = List.copyOf(outputRoots);
    }

    /** A stack with no extra folders and a fresh API key. */
    public StackOptions(Path workDir, Path storageRoot, Path simulatorScenario, Map<String, String> downloaderEnv) {
        this(workDir, storageRoot, simulatorScenario, downloaderEnv, List.of(), List.of(), ApiKey.generate());
    }

    public StackOptions withInputs(List<Path> folders) {
        return new StackOptions(workDir, storageRoot, simulatorScenario, downloaderEnv, folders, outputRoots, apiKey);
    }

    public StackOptions withOutputRoot(Path folder) {
        List<Path> roots = new ArrayList<>(outputRoots);
        roots.add(folder);
        return new StackOptions(workDir, storageRoot, simulatorScenario, downloaderEnv, inputs, roots, apiKey);
    }

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
