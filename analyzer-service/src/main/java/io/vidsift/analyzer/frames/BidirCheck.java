package io.vidsift.analyzer.frames;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;

/**
 * Decides whether exact sampling may skip every B-frame, reference B-frames included (FFmpeg's
 * {@code skip_frame=bidir}), and have the decoder hand out each remaining frame at once ({@code flags=+low_delay}:
 * with only I- and P-frames left, decode order is display order, so no frame waits for reordering).
 * <p>
 * With B-pyramid (x264's default), one B-frame of each pair is a reference, so {@code skip_frame=noref} still decodes
 * it: about a third of the decoding per sample. Skipping it is right only when no I- or P-frame predicts from it
 * (x264 with one reference frame: the pyramid's reference B-frame serves only the B-frame next to it). With more
 * reference frames P-frames may predict from it too, and FFmpeg then conceals the missing picture without flagging
 * anything. So this is checked, not assumed: the first GOP is decoded both ways, and every frame of the fast decode must
 * be bit-identical (luma) to the same frame of the {@code noref} decode. It must also leave frames no further apart than
 * half a sampling interval, so every slot still has a decoded frame near it, and actually skip something.
 */
final class BidirCheck {

    /** The outcome; {@code spacingSeconds} is the widest gap between frames the fast decode gave. */
    record Verdict(boolean skipBidir, double spacingSeconds, String reason) {
    }

    private static final Logger LOG = Logger.getLogger(BidirCheck.class);
    /** Decode at most this much of the start: a camera's GOP, never a long stretch of a GOP-less file. */
    private static final double MAX_WINDOW_SECONDS = 5.0;

    private BidirCheck() {
    }

    static Verdict check(Path file, SamplingPlan plan) {
        double window = Math.min(MAX_WINDOW_SECONDS, plan.gopSeconds() != null && plan.gopSeconds() > 0 ? plan.gopSeconds() : 2.0);
        try {
            Map<Long, Long> reference = decode(file, plan, window, false).hashes;
            Decoded fast = decode(file, plan, window, true);
            if (fast.hashes.isEmpty()) {
                return new Verdict(false, Double.NaN, "no frame decoded with B-frames skipped");
            }
            for (Map.Entry<Long, Long> e : fast.hashes.entrySet()) {
                if (!e.getValue().equals(reference.get(e.getKey()))) {
                    return new Verdict(false, fast.spacing, "a P-frame predicts from a reference B-frame (pts " + e.getKey() + ")");
                }
            }
            if (fast.hashes.size() >= reference.size()) {
                return new Verdict(false, fast.spacing, "no reference B-frame to skip");
            }
            if (!(fast.spacing <= plan.interval() / 2)) {
                return new Verdict(false, fast.spacing, String.format(java.util.Locale.ROOT,
                        "frames %.3f s apart without B-frames, more than half a sampling interval", fast.spacing));
            }
            return new Verdict(true, fast.spacing, "the first GOP decodes identically without B-frames");
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // The sampler's own decode reports what is wrong with the file; here it only means "do not skip".
            LOG.debugf("B-frame check failed: %s", e.getMessage());
            return new Verdict(false, Double.NaN, "check failed: " + e.getMessage());
        }
    }

    /** Frames of the first {@code window} seconds: luma CRC by pts, and the widest gap between them. */
    private record Decoded(Map<Long, Long> hashes, double spacing) {
    }

    private static Decoded decode(Path file, SamplingPlan plan, double window, boolean bidir) throws FrameGrabber.Exception {
        Map<Long, Long> hashes = new HashMap<>();
        double spacing = 0;
        double last = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setImageMode(FrameGrabber.ImageMode.RAW);
            grabber.setVideoOption("threads", "1");
            grabber.setVideoOption("skip_frame", bidir ? "bidir" : "noref");
            if (bidir) {
                grabber.setVideoOption("flags", "+low_delay");
            }
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                if (!(frame.opaque instanceof AVFrame picture) || picture.best_effort_timestamp() == AV_NOPTS_VALUE) {
                    continue;
                }
                double offset = frame.timestamp / 1_000_000.0 - plan.startSeconds();
                if (offset > window + 1e-3) {
                    break;
                }
                if (hashes.put(picture.best_effort_timestamp(), luma(picture)) != null || offset < last - 1e-6) {
                    // Out of order or repeated: the decoder is not giving display order.
                    hashes.put(picture.best_effort_timestamp(), -1L);
                }
                spacing = Math.max(spacing, offset - last);
                last = offset;
            }
        }
        return new Decoded(hashes, spacing);
    }

    /** CRC32 of the luma plane's pixels (row padding excluded). */
    private static long luma(AVFrame picture) {
        AVPixFmtDescriptor desc = av_pix_fmt_desc_get(picture.format());
        int bytes = picture.width() * (desc == null ? 1 : Math.max(1, desc.comp(0).step()));
        CRC32 crc = new CRC32();
        int stride = picture.linesize(0);
        java.nio.ByteBuffer plane = picture.data(0).capacity((long) stride * picture.height()).asByteBuffer();
        for (int y = 0; y < picture.height(); y++) {
            crc.update(plane.limit(y * stride + bytes).position(y * stride));
        }
        return crc.getValue();
    }
}
