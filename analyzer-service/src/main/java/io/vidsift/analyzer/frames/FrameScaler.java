package io.vidsift.analyzer.frames;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteBuffer;

import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_alloc_context;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_init_context;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * Converts a decoded picture, in whatever format the decoder produced, straight into packed 8-bit pixels of the
 * requested size inside a caller's (direct) buffer with swscale: one pass, no intermediate Java image. The context,
 * the caller's buffer address and the pointer arrays are made once and reused while the sizes stay the same, so a
 * frame costs the conversion and nothing else. One scaler per consumer; not thread-safe.
 */
public final class FrameScaler implements AutoCloseable {

    private final int pixelFormat;
    private final int flags;
    private SwsContext context;
    private int srcWidth;
    private int srcHeight;
    private int srcFormat = -1;
    private int dstWidth;
    private int dstHeight;
    private ByteBuffer target;
    private BytePointer targetPointer;
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
        fit(picture, width, height);
        if (target != this.target) {
            this.target = target;
            if (targetPointer != null) {
                targetPointer.close();
            }
            targetPointer = new BytePointer(target);
        }
        // A slice starts at the offset itself (put takes the pointer's position), so rows land where they belong.
        dst.put(0, targetPointer.position(offset));
        dstStride.put(0, rowBytes);
        sws_scale(context, new PointerPointer<>(picture), picture.linesize(), 0, picture.height(), dst, dstStride);
    }

    /** The context for this picture size and format and this output size: made again only when one changes. */
    private void fit(AVFrame picture, int width, int height) {
        if (context != null && picture.width() == srcWidth && picture.height() == srcHeight && picture.format() == srcFormat
                && width == dstWidth && height == dstHeight) {
            return;
        }
        release();
        // sws_getCachedContext's settings (and its default scaler parameters).
        SwsContext c = sws_alloc_context();
        if (c == null) {
            throw new IllegalStateException("swscale: out of memory");
        }
        c.src_w(picture.width()).src_h(picture.height()).src_format(picture.format())
                .dst_w(width).dst_h(height).dst_format(pixelFormat).flags(flags);
        if (sws_init_context(c, null, null) < 0) {
            sws_freeContext(c);
            throw new IllegalStateException("swscale cannot convert pixel format " + picture.format());
        }
        context = c;
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
        if (targetPointer != null) {
            targetPointer.close();
            targetPointer = null;
        }
        dst.close();
        dstStride.close();
    }
}
