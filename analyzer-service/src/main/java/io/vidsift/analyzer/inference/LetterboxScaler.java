package io.vidsift.analyzer.inference;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRP;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRPF32BE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRPF32LE;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * Scales a decoded picture to its letterbox size straight into three planes (R, G, B) of a caller's direct buffer, in
 * one swscale pass: planar float (values 0..1, native byte order) for a float32 input, so the pixels land in the input
 * tensor as the model reads them with no byte-to-float pass after; planar 8-bit for a float16 input (widened through a
 * table by {@link DetectorInput}). swscale's planar RGB outputs interpolate chroma at full output resolution (a 720p
 * 4:2:0 picture letterboxed to 640 has exactly one chroma sample per output pixel). One scaler per consumer; not
 * thread-safe; the context and pointer arrays are made once and reused while the sizes stay the same.
 */
final class LetterboxScaler implements AutoCloseable {

    private final boolean floats;
    private final int pixelFormat;
    private SwsContext context;
    private int srcWidth;
    private int srcHeight;
    private int srcFormat = -1;
    private int dstWidth;
    private int dstHeight;
    /** A pointer per target buffer (a batch's input memory, or scratch planes), made once. */
    private final Map<ByteBuffer, BytePointer> targets = new IdentityHashMap<>();
    private final PointerPointer<BytePointer> dst = new PointerPointer<>(4);
    private final IntPointer dstStride = new IntPointer(4);

    /** @param floats planar float32 output (4 bytes a value); otherwise planar 8-bit */
    LetterboxScaler(boolean floats) {
        this.floats = floats;
        this.pixelFormat = !floats ? AV_PIX_FMT_GBRP
                : ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? AV_PIX_FMT_GBRPF32LE : AV_PIX_FMT_GBRPF32BE;
    }

    /** Bytes per value written: 4 (float) or 1. */
    int valueBytes() {
        return floats ? 4 : 1;
    }

    /**
     * Scales {@code picture} to {@code width x height}, writing the red, green and blue planes at the given byte
     * offsets of {@code target}, rows {@code rowBytes} apart (a plane of a larger input, or a plane of its own).
     */
    void scale(AVFrame picture, int width, int height, ByteBuffer target, long red, long green, long blue, int rowBytes) {
        fit(picture, width, height);
        BytePointer targetPointer = targets.computeIfAbsent(target, BytePointer::new);
        // swscale's planar RGB order is G, B, R; put takes the pointer's position as the address.
        dst.put(0, targetPointer.position(green));
        dst.put(1, targetPointer.position(blue));
        dst.put(2, targetPointer.position(red));
        for (int i = 0; i < 3; i++) {
            dstStride.put(i, rowBytes);
        }
        int rows = sws_scale(context, new PointerPointer<>(picture), picture.linesize(), 0, picture.height(), dst, dstStride);
        if (rows != height) {
            throw new IllegalStateException("swscale wrote " + rows + " of " + height + " rows converting pixel format " + picture.format());
        }
    }

    /** The context for this picture size and format and this output size: made again only when one changes. */
    private void fit(AVFrame picture, int width, int height) {
        if (context != null && picture.width() == srcWidth && picture.height() == srcHeight && picture.format() == srcFormat
                && width == dstWidth && height == dstHeight) {
            return;
        }
        release();
        context = sws_getContext(picture.width(), picture.height(), picture.format(), width, height, pixelFormat, SWS_BILINEAR,
                null, null, (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException("swscale cannot convert pixel format " + picture.format() + " to planar RGB");
        }
        srcWidth = picture.width();
        srcHeight = picture.height();
        srcFormat = picture.format();
        dstWidth = width;
        dstHeight = height;
    }

    private void release() {
        if (context != null) {
            sws_freeContext(context);
            context = null;
        }
    }

    @Override
    public void close() {
        release();
        targets.values().forEach(BytePointer::close);
        targets.clear();
        dst.close();
        dstStride.close();
    }
}
