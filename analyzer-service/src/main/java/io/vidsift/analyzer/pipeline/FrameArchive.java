package io.vidsift.analyzer.pipeline;

import io.vidsift.analyzer.frames.SampledFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code analysis.save_frames}: writes each sampled frame as {@code <dir>/<offset ms>.jpg} at full size (named by
 * offset, which is unique across parallel decode segments, unlike per-segment indexes).
 * Off by default because it costs a colour conversion and a JPEG encode per sample.
 */
final class FrameArchive implements AutoCloseable {

    private final Path dir;
    private final JpegFrames jpegs = new JpegFrames(0);

    FrameArchive(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    void save(SampledFrame frame) throws IOException {
        String name = String.format(Locale.ROOT, "%08d.jpg", Math.round(frame.offsetSeconds() * 1000));
        jpegs.write(frame.picture(), dir.resolve(name));
    }

    @Override
    public void close() {
        jpegs.close();
    }
}
