package io.vidsift.analyzer.frames;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteBuffer;

import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * Converts a decoded picture, in whatever format the decoder produced, straight into packed 8-bit pixels of the
 * requested size inside a caller's (direct) buffer with swscale: one pass, no intermediate Java image. One scaler
 * per consumer; not thread-safe.
 */
public final class FrameScaler implements AutoCloseable {

    private final int pixelFormat;
    private final int flags;
    private SwsContext context;
    private final PointerPointer<BytePointer> dst = new PointerPointer<>(4);
    private final IntPointer dstStride = new IntPointer(4);

    /** @param pixelFormat an AV_PIX_FMT_* packed 3-byte format (RGB24 or BGR24). */
    public FrameScaler(int pixelFormat) {
        this(pixelFormat, SWS_BILINEAR);
    }

    /** @param flags SWS_* scaling algorithm: SWS_BILINEAR filters properly; SWS_FAST_BILINEAR is cheaper and aliases. */
    public FrameScaler(int pixelFormat, int flags) {
        this.pixelFormat = pixelFormat;
        this.flags = flags;
    }

    /**
     * Scales {@code picture} to {@code width x height} and writes it at {@code offset} of {@code target} with rows
     * {@code rowBytes} apart (so a smaller image can be placed inside a larger canvas).
     */
    public void scale(AVFrame picture, ByteBuffer target, int offset, int width, int height, int rowBytes) {
        context = sws_getCachedContext(context, picture.width(), picture.height(), picture.format(),
                width, height, pixelFormat, flags, null, null, (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException("swscale cannot convert pixel format " + picture.format());
        }
        // A slice starts at the offset itself, so no Pointer position arithmetic is involved.
        BytePointer out = new BytePointer(target.duplicate().position(offset).slice());
        dst.put(0, out);
        dstStride.put(0, rowBytes);
        sws_scale(context, new PointerPointer<>(picture), picture.linesize(), 0, picture.height(), dst, dstStride);
    }

    @Override
    public void close() {
        if (context != null) {
            sws_freeContext(context);
            context = null;
        }
        dst.close();
        dstStride.close();
    }
}
