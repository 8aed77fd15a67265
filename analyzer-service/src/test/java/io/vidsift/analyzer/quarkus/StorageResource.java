package io.vidsift.analyzer.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vidsift.analyzer.TestVideos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A storage root for the service under test, holding the generated footage under {@code input/}. */
public class StorageResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("vidsift-storage");
            TestVideos.copyInto(root, "input");
            return Map.of("vidsift.storage.root", root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // Temp files: the OS cleans them; the videos are small.
    }
}
