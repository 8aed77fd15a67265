package io.vidsift.analyzer.frames;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * Decodes one video and hands the sampled frames to a sink, doing as little decoding as the sampling allows:
 * frames stay in the decoder's format (RAW image mode, no per-frame colour conversion), non-reference frames are
 * skipped when no sample needs them, whole GOPs are skipped by seeking when samples are further apart than two
 * GOPs, and {@code keyframes} mode decodes key frames only, reading just their packets where the container's index
 * lists them ({@link IndexedKeyFrames}: MP4), every packet otherwise.
 * <p>
 * Skipping non-reference frames costs FFmpeg's frame threading (the decoder then runs on one core), so in exact
 * mode the timeline can be split into segments decoded in parallel, each by its own decoder and sink. Each later
 * segment also decodes the sample just before it, handed to its sink with index {@link SampledFrame#PREDECESSOR},
 * so the first difference of the segment is scored like any other. Frames the decoder flags as corrupt are skipped
 * and counted.
 */
public final class FrameSampler {

    private static final Logger LOG = Logger.getLogger(FrameSampler.class);
    /** FFmpeg's AV_FRAME_FLAG_CORRUPT (libavutil/frame.h), which the JavaCPP presets do not expose as a constant. */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;

    /** One sink, one decoder: the plan's segment count is ignored. */
    public SamplingReport sample(Path file, SamplingPlan plan, FrameSink sink) throws DecodeException, SinkException {
        return sampleSegments(file, plan.withSegments(1), segment -> sink);
    }

    /**
     * Decodes the plan's segments in parallel; {@code sinks} gives each segment its own sink (called from that
     * segment's thread, frames in timestamp order within the segment; indexes are per segment, and a later
     * segment's first frame may be its predecessor sample, index {@link SampledFrame#PREDECESSOR}).
     */
    public SamplingReport sampleSegments(Path file, SamplingPlan plan, IntFunction<FrameSink> sinks) throws DecodeException, SinkException {
        int n = plan.mode() == SamplingMode.EXACT ? Math.max(1, plan.segments()) : 1;
        double[] bounds = plan.segmentBounds();
        int[] caps = plan.segmentCaps();
        boolean bidir = skipsBidir(file, plan);
        if (n == 1) {
            return finish(plan, List.of(segment(file, plan, bidir, sinks.apply(0), 0, Double.POSITIVE_INFINITY, plan.maxFrames())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "decode-segment");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SamplingReport>> futures = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                FrameSink sink = sinks.apply(k);
                double from = bounds[k];
                double until = bounds[k + 1];
                int cap = caps[k];
                futures.add(pool.submit(() -> segment(file, plan, bidir, sink, from, until, cap)));
            }
            List<SamplingReport> reports = new ArrayList<>();
            DecodeException firstFailure = null;
            for (Future<SamplingReport> f : futures) {
                try {
                    reports.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SinkException sink) {
                        throw sink;
                    }
                    DecodeException failure = e.getCause() instanceof DecodeException d ? d
                            : new DecodeException("decoding failed: " + e.getCause(), e.getCause());
                    LOG.warnf("a decode segment failed: %s", failure.getMessage());
                    firstFailure = firstFailure == null ? failure : firstFailure;
                }
            }
            if (reports.isEmpty()) {
                throw firstFailure;
            }
            return finish(plan, reports);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecodeException("interrupted", e);
        } finally {
            pool.shutdownNow();
            awaitSegments(pool);
        }
    }

    /** Whether exact mode may skip reference B-frames too: only where {@link BidirCheck} found that changes no other frame. */
    private static boolean skipsBidir(Path file, SamplingPlan plan) {
        if (plan.mode() != SamplingMode.EXACT || !plan.skipNonReference() || plan.decoder() != null) {
            return false;
        }
        BidirCheck.Verdict verdict = BidirCheck.check(file, plan);
        LOG.debugf("B-frames %s: %s", verdict.skipBidir() ? "skipped" : "kept where referenced", verdict.reason());
        return verdict.skipBidir();
    }

    /**
     * After one segment failed the others may still be inside FFmpeg or a scorer's native code; the caller frees
     * those scorers next, so return only when every segment thread has ended (freeing under them crashes the JVM).
     */
    private static void awaitSegments(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    break;
                }
                LOG.warn("still waiting for decode segments to stop");
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static SamplingReport finish(SamplingPlan plan, List<SamplingReport> reports) throws DecodeException {
        int decoded = 0;
        int sampled = 0;
        int dropped = 0;
        boolean capped = false;
        long sinkNanos = 0;
        int reanchored = 0;
        int corrupt = 0;
        String skip = reports.get(0).frameSkip();
        for (SamplingReport r : reports) {
            reanchored += r.reanchored();
            corrupt += r.corrupt();
            decoded += r.decoded();
            sampled += r.sampled();
            dropped += r.dropped();
            capped |= r.capped();
            sinkNanos += r.sinkNanos();
        }
        if (sampled == 0) {
            throw new DecodeException("no frame with a usable timestamp (" + decoded + " decoded, " + dropped + " dropped)", null);
        }
        double effectiveFps = Math.min(plan.fps(), sampled / Math.max(plan.expectedSeconds(), plan.interval()));
        return new SamplingReport(plan.mode(), decoded, sampled, dropped, effectiveFps, capped, reports.get(0).decoder(), sinkNanos,
                reanchored, corrupt, skip);
    }

    private SamplingReport segment(Path file, SamplingPlan plan, boolean bidir, FrameSink sink, double from, double until, int cap)
            throws DecodeException, SinkException {
        try {
            return run(file, plan, plan.decoder(), bidir, sink, from, until, cap);
        } catch (DecodeException e) {
            if (plan.decoder() == null) {
                throw e;
            }
            // A hardware decoder can be listed by FFmpeg yet fail on this machine or stream: software decoding is
            // slower but gives the same samples.
            LOG.warnf("decoder %s failed (%s); decoding in software", plan.decoder(), e.getMessage());
            return run(file, plan, null, false, sink, from, until, cap);
        }
    }

    private SamplingReport run(Path file, SamplingPlan plan, String decoder, boolean bidir, FrameSink sink, double from, double until, int cap)
            throws DecodeException, SinkException {
        boolean keyframes = plan.mode() == SamplingMode.KEYFRAMES;
        IndexedKeyFrames indexed = null;
        if (keyframes && decoder == null) {
            try {
                // An MP4's index names every key frame: read those packets alone instead of the whole file.
                indexed = IndexedKeyFrames.open(file, plan.decoderThreads());
            } catch (RuntimeException e) {
                throw new DecodeException("cannot open the video for decoding: " + e.getMessage(), e);
            }
        }
        FFmpegFrameGrabber grabber = indexed != null ? null : grabber(file, plan, decoder, bidir);
        String skip = keyframes ? "nokey" : grabber.getVideoOption("skip_frame") == null ? "none" : grabber.getVideoOption("skip_frame");
        // A later segment also samples the slot before its own first one, so its first own sample has a predecessor.
        TimestampGate gate = new TimestampGate(plan.fps(), plan.startSeconds(), plan.expectedSeconds(), cap, from, until,
                plan.early(), plan.frameStep(), from > 0);
        int decoded = 0;
        int corrupt = 0;
        long sinkNanos = 0;
        boolean seek = !keyframes && plan.seekBetweenSamples();
        // After a sample, the frames up to the next key frame are needed only if a sample lies before it; when
        // not, seek straight to that key frame (an index lookup in MP4). Trusts the probed GOP until a jump lands
        // on something that is not a key frame, then stops jumping for this video. (Feeding the decoder key
        // packets only, as grabKeyFrame does, left it dropping P-frames for several GOPs afterwards.)
        boolean jump = !keyframes && !seek && plan.gopSeconds() != null && plan.gopSeconds() > 0;
        boolean jumpNext = false;
        double lastKey = Double.NaN;
        double lastTs = Double.NaN;
        try {
            if (grabber != null) {
                grabber.start();
                if (from > 0) {
                    seekTo(grabber, gate.nextSlotStart());
                }
            }
            grabbing:
            while (!gate.full()) {
                AVFrame picture;
                long micros;
                boolean key;
                try {
                    if (indexed != null) {
                        IndexedKeyFrames.Picture next = indexed.next();
                        if (next == null) {
                            break;
                        }
                        picture = next.frame();
                        micros = next.timestampMicros();
                        key = true;
                    } else {
                        Frame frame = keyframes ? grabber.grabKeyFrame() : grabber.grabImage();
                        if (frame == null) {
                            break;
                        }
                        if (frame.image == null || !(frame.opaque instanceof AVFrame p)) {
                            continue;
                        }
                        picture = p;
                        micros = frame.timestamp;
                        key = frame.keyFrame || frame.pictType == 'I';
                    }
                } catch (FrameGrabber.Exception | RuntimeException e) {
                    if (gate.kept() == 0) {
                        throw new DecodeException("decoding failed: " + e.getMessage(), e);
                    }
                    // Truncated tails are common in camera chunks: keep what was decoded.
                    LOG.warnf("decoding stopped after %d samples: %s", gate.kept(), e.getMessage());
                    break;
                }
                decoded++;
                if ((picture.flags() & AV_FRAME_FLAG_CORRUPT) != 0 || picture.decode_error_flags() != 0) {
                    // Concealed garbage (lost slices, broken references) would read as activity or as objects.
                    corrupt++;
                    continue;
                }
                // MPEG-PS need not carry a timestamp on every frame (one per 0.7 s suffices): a frame without one
                // follows the previous frame by one source frame.
                double ts = picture.best_effort_timestamp() == AV_NOPTS_VALUE
                        ? (Double.isNaN(lastTs) ? plan.startSeconds() : lastTs + plan.frameStep())
                        : micros / 1_000_000.0;
                lastTs = ts;
                int reanchoredBefore = gate.reanchored();
                TimestampGate.Decision decision = gate.offer(ts);
                if (gate.reanchored() != reanchoredBefore) {
                    // Offsets no longer map to the file's timestamps: seeking by offset would land anywhere.
                    seek = false;
                    jump = false;
                }
                double offset = gate.lastOffset();
                if (jumpNext) {
                    jumpNext = false;
                    if (!key) {
                        LOG.debugf("no key frame where the probed GOP promised one (%.2f s): no more jumps", offset);
                        jump = false;
                    }
                }
                if (key && !Double.isNaN(offset)) {
                    lastKey = offset;
                }
                switch (decision) {
                    case KEEP -> {
                        boolean context = gate.keptPredecessor();
                        long t0 = System.nanoTime();
                        try {
                            sink.accept(new SampledFrame(context ? SampledFrame.PREDECESSOR : gate.kept() - 1, offset, picture));
                        } catch (Exception e) {
                            throw new SinkException(e);
                        }
                        sinkNanos += System.nanoTime() - t0;
                        if (seek && !gate.full()) {
                            seekTo(grabber, gate.nextSlotStart());
                        } else if (jump && !Double.isNaN(lastKey) && lastKey + plan.gopSeconds() <= gate.nextSlotStart() + plan.early() + 1e-3) {
                            // The quick seek (no decode-forward check) lands exactly on the key frame it names.
                            grabber.setTimestamp(Math.round((lastKey + plan.gopSeconds()) * 1_000_000L), false);
                            gate.jumpedTo(lastKey + plan.gopSeconds());
                            jumpNext = true;
                        }
                    }
                    case END -> {
                        break grabbing;
                    }
                    default -> {
                        // SKIP (between slots), DROP (counted by the gate), FULL (loop ends).
                    }
                }
            }
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new DecodeException("cannot open the video for decoding: " + e.getMessage(), e);
        } finally {
            if (indexed != null) {
                indexed.close();
            } else {
                try {
                    grabber.release();
                } catch (FrameGrabber.Exception ignored) {
                    // Releasing cannot change the samples already taken.
                }
            }
        }
        return new SamplingReport(plan.mode(), decoded, gate.kept(), gate.dropped(), 0, gate.full(),
                decoder == null ? "software" : decoder, sinkNanos, gate.reanchored(), corrupt, skip);
    }

    /** A grabber for this plan: RAW frames, the plan's threads, and the frame skipping it allows. */
    private static FFmpegFrameGrabber grabber(Path file, SamplingPlan plan, String decoder, boolean bidir) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        if (decoder != null) {
            grabber.setVideoCodecName(decoder);
        }
        if (plan.decoderThreads() > 0) {
            grabber.setVideoOption("threads", Integer.toString(plan.decoderThreads()));
        }
        boolean keyframes = plan.mode() == SamplingMode.KEYFRAMES;
        if (keyframes && decoder == null) {
            // Only key frames are decoded and none is a reference for another decoded frame: deblocking them changes
            // nothing downstream but the picture itself, which the models see scaled down to a fraction of its size.
            grabber.setVideoOption("skip_loop_filter", "all");
        }
        if (!keyframes && bidir && decoder == null) {
            // Checked safe for this video (BidirCheck): only I- and P-frames are decoded, and with no B-frame left to
            // reorder each one is handed out as soon as it is decoded instead of after the next two.
            grabber.setVideoOption("skip_frame", "bidir");
            grabber.setVideoOption("flags", "+low_delay");
        } else if (!keyframes && plan.skipNonReference() && decoder == null) {
            // FFmpeg's AVDiscard name is "noref" (not "nonref"); a wrong value makes avcodec_open2 fail with -22.
            grabber.setVideoOption("skip_frame", "noref");
        }
        return grabber;
    }

    /** Seeks to the key frame before the offset; the grabber then decodes forward to it (cheap in RAW mode). */
    private static void seekTo(FFmpegFrameGrabber grabber, double offsetSeconds) throws FrameGrabber.Exception {
        // setVideoTimestamp adds the stream's start time itself.
        grabber.setVideoTimestamp(Math.round(offsetSeconds * 1_000_000L));
    }
}
