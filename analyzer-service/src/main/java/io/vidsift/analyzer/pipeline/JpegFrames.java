package io.vidsift.analyzer.pipeline;

import io.vidsift.analyzer.frames.FrameScaler;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

/**
 * Writes decoded pictures as JPEG files, scaled down to at most {@code maxWidth} (aspect kept), with one swscale
 * pass straight from the decoder's format. One instance per thread; not thread-safe.
 */
final class JpegFrames implements AutoCloseable {

    private final int maxWidth;
    private final FrameScaler scaler = new FrameScaler(AV_PIX_FMT_BGR24);
    private ByteBuffer bgr;

    /** @param maxWidth 0 keeps the picture's own size */
    JpegFrames(int maxWidth) {
        this.maxWidth = maxWidth;
    }

    void write(AVFrame picture, Path file) throws IOException {
        int w = picture.width();
        int h = picture.height();
        if (maxWidth > 0 && w > maxWidth) {
            h = Math.max(2, (int) Math.round((double) h * maxWidth / w) & ~1);
            w = maxWidth;
        }
        if (bgr == null || bgr.capacity() != w * h * 3) {
            bgr = ByteBuffer.allocateDirect(w * h * 3);
        }
        scaler.scale(picture, bgr, 0, w, h, w * 3);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        bgr.duplicate().position(0).get(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (!ImageIO.write(image, "jpg", tmp.toFile())) {
            throw new IllegalStateException("no JPEG writer in this JVM"); // the JVM's, not the storage's
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        scaler.close();
    }
}
