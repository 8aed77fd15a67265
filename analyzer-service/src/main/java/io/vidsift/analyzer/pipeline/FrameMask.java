package io.vidsift.analyzer.pipeline;

import io.vidsift.analyzer.frames.SampledFrame;
import io.vidsift.common.config.MaskConfig;
import io.vidsift.common.messages.CloudWindow;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NV12;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

/**
 * {@code analysis.masks}: paints the masked regions of a camera's picture one flat grey before any model sees the
 * frame, so nothing there (OSD text, trees, a road) ever changes between two frames or holds an object. The decoded
 * picture belongs to the decoder (and may be a reference for the next frames), so the mask is painted on a private
 * copy; a video without masks costs nothing. Planar YUV, NV12 and grey pictures are masked; other formats (rare for
 * camera streams) are scored unmasked, with one warning per video.
 */
final class FrameMask {

    private static final Logger LOG = Logger.getLogger(FrameMask.class);

    private final List<MaskConfig.Region> regions;
    private int width = -1;
    private int height = -1;
    /** Per row, masked [start, end) column pairs at the current picture size. */
    private int[][] spans;
    private boolean warned;

    private FrameMask(List<MaskConfig.Region> regions) {
        this.regions = regions;
    }

    /** The masks of the job that apply to this video's camera (local files: only {@code "*"} masks), or null. */
    static FrameMask of(List<MaskConfig> masks, CloudWindow window) {
        List<MaskConfig.Region> regions = new ArrayList<>();
        for (MaskConfig mask : masks) {
            boolean applies = window == null ? MaskConfig.EVERY_CAMERA.equals(mask.deviceSerial())
                    : mask.appliesTo(window.deviceSerial(), window.channelNo());
            if (applies) {
                regions.addAll(mask.regions());
            }
        }
        return regions.isEmpty() ? null : new FrameMask(regions);
    }

    /** A masked copy of the frame; release it with {@link #release} after the sink call. */
    SampledFrame apply(SampledFrame frame, String videoId) {
        AVFrame picture = frame.picture();
        int format = picture.format();
        boolean nv12 = format == AV_PIX_FMT_NV12;
        int chromaShiftX;
        int chromaShiftY;
        if (format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P || nv12) {
            chromaShiftX = 1;
            chromaShiftY = 1;
        } else if (format == AV_PIX_FMT_YUV422P || format == AV_PIX_FMT_YUVJ422P) {
            chromaShiftX = 1;
            chromaShiftY = 0;
        } else if (format == AV_PIX_FMT_YUV444P || format == AV_PIX_FMT_YUVJ444P || format == AV_PIX_FMT_GRAY8) {
            chromaShiftX = 0;
            chromaShiftY = 0;
        } else {
            if (!warned) {
                LOG.warnf("video %s: pixel format %d cannot be masked; analysed unmasked", videoId, format);
                warned = true;
            }
            return frame;
        }
        AVFrame copy = av_frame_clone(picture);
        if (copy == null || av_frame_make_writable(copy) < 0) {
            av_frame_free(copy);
            throw new IllegalStateException("cannot copy a frame to mask it");
        }
        layout(copy.width(), copy.height());
        paint(copy.data(0), copy.linesize(0), 0, 0, 1, 16);
        if (format != AV_PIX_FMT_GRAY8) {
            if (nv12) {
                paint(copy.data(1), copy.linesize(1), 1, 1, 2, 128);
            } else {
                paint(copy.data(1), copy.linesize(1), chromaShiftX, chromaShiftY, 1, 128);
                paint(copy.data(2), copy.linesize(2), chromaShiftX, chromaShiftY, 1, 128);
            }
        }
        return new SampledFrame(frame.index(), frame.offsetSeconds(), copy);
    }

    /** Frees a copy made by {@link #apply} (nothing when the frame was passed through). */
    static void release(SampledFrame original, SampledFrame masked) {
        if (masked.picture() != original.picture()) {
            av_frame_free(masked.picture());
        }
    }

    /**
     * Fills the masked pixels of one plane with {@code value}; chroma planes are subsampled by the shifts, NV12's
     * interleaved UV plane has two bytes per chroma sample.
     */
    private void paint(BytePointer plane, int linesize, int shiftX, int shiftY, int bytesPerSample, int value) {
        int rows = (height + (1 << shiftY) - 1) >> shiftY;
        for (int y = 0; y < rows; y++) {
            int[] row = spans[Math.min(height - 1, y << shiftY)];
            for (int k = 0; k < row.length; k += 2) {
                int x0 = row[k] >> shiftX;
                int x1 = (row[k + 1] + (1 << shiftX) - 1) >> shiftX;
                long at = (long) y * linesize + (long) x0 * bytesPerSample;
                Pointer.memset(new BytePointer(plane).position(at), value, (long) (x1 - x0) * bytesPerSample);
            }
        }
    }

    /** Computes the masked spans of every row once per picture size. */
    private void layout(int w, int h) {
        if (w == width && h == height) {
            return;
        }
        width = w;
        height = h;
        spans = new int[h][];
        boolean[] row = new boolean[w];
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(row, false);
            double py = (y + 0.5) / h;
            for (MaskConfig.Region region : regions) {
                if (region.rect() != null) {
                    List<Double> r = region.rect();
                    if (py >= r.get(1) && py < r.get(1) + r.get(3)) {
                        int x0 = (int) Math.floor(r.get(0) * w);
                        int x1 = (int) Math.ceil((r.get(0) + r.get(2)) * w);
                        java.util.Arrays.fill(row, Math.max(0, x0), Math.min(w, x1), true);
                    }
                } else {
                    for (int x = 0; x < w; x++) {
                        row[x] |= inside(region.polygon(), (x + 0.5) / w, py);
                    }
                }
            }
            List<Integer> s = new ArrayList<>();
            for (int x = 0; x < w; x++) {
                if (row[x] && (x == 0 || !row[x - 1])) {
                    s.add(x);
                }
                if (row[x] && (x == w - 1 || !row[x + 1])) {
                    s.add(x + 1);
                }
            }
            spans[y] = s.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Even-odd rule. */
    private static boolean inside(List<List<Double>> polygon, double x, double y) {
        boolean in = false;
        for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
            double xi = polygon.get(i).get(0);
            double yi = polygon.get(i).get(1);
            double xj = polygon.get(j).get(0);
            double yj = polygon.get(j).get(1);
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }
}
