package io.vidsift.simulator.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clips are generated once per (settings, duration, variant) and then served from disk, so ranged and repeated
 * downloads read identical bytes and a 100 MB clip costs no heap.
 */
public final class VideoCache {

    private final Path dir;
    private final SyntheticVideo video;
    private final Map<String, Path> ready = new ConcurrentHashMap<>();

    public VideoCache(Path dir, VideoSettings settings) {
        this.dir = dir;
        this.video = new SyntheticVideo(settings);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create video cache " + dir, e);
        }
    }

    public Path clip(long seconds, boolean irregular) {
        String name = "clip-" + Integer.toHexString(video.settings().hashCode()) + "-" + seconds + "s" + (irregular ? "-irregular" : "") + ".mp4";
        return ready.computeIfAbsent(name, n -> generate(n, seconds, irregular));
    }

    private Path generate(String name, long seconds, boolean irregular) {
        Path target = dir.resolve(name);
        try {
            Path temp = Files.createTempFile(dir, name, ".tmp");
            video.write(temp, seconds, irregular);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate clip " + name, e);
        }
    }
}
