package io.vidsift.analyzer.pipeline;

import io.vidsift.analyzer.frames.FrameScaler;
import io.vidsift.analyzer.frames.SampledFrame;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

/**
 * {@code analysis.save_frames}: writes each sampled frame as {@code <dir>/<offset ms>.jpg} at full size (named by
 * offset, which is unique across parallel decode segments, unlike per-segment indexes).
 * Off by default because it costs a colour conversion and a JPEG encode per sample.
 */
final class FrameArchive implements AutoCloseable {

    private final Path dir;
    private final FrameScaler scaler = new FrameScaler(AV_PIX_FMT_BGR24);
    private ByteBuffer bgr;

    FrameArchive(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    void save(SampledFrame frame) throws IOException {
        int w = frame.picture().width();
        int h = frame.picture().height();
        if (bgr == null || bgr.capacity() != w * h * 3) {
            bgr = ByteBuffer.allocateDirect(w * h * 3);
        }
        scaler.scale(frame.picture(), bgr, 0, w, h, w * 3);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        bgr.duplicate().position(0).get(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        String name = String.format(Locale.ROOT, "%08d.jpg", Math.round(frame.offsetSeconds() * 1000));
        ImageIO.write(image, "jpg", dir.resolve(name).toFile());
    }

    @Override
    public void close() {
        scaler.close();
    }
}
