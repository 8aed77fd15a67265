package io.vidsift.analyzer.frames;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Decodes one video and hands the sampled frames to a sink, doing as little decoding as the sampling allows:
 * frames stay in the decoder's format (RAW image mode, no per-frame colour conversion), non-reference frames are
 * skipped when no sample needs them, whole GOPs are skipped by seeking when samples are further apart than two
 * GOPs, and {@code keyframes} mode decodes key frames only.
 */
public final class FrameSampler {

    private static final Logger LOG = Logger.getLogger(FrameSampler.class);

    public SamplingReport sample(Path file, SamplingPlan plan, FrameSink sink) throws DecodeException, SinkException {
        try {
            return run(file, plan, plan.decoder(), sink);
        } catch (DecodeException e) {
            if (plan.decoder() == null) {
                throw e;
            }
            // A hardware decoder can be listed by FFmpeg yet fail on this machine or stream: software decoding is
            // slower but gives the same samples.
            LOG.warnf("decoder %s failed (%s); decoding in software", plan.decoder(), e.getMessage());
            return run(file, plan, null, sink);
        }
    }

    private SamplingReport run(Path file, SamplingPlan plan, String decoder, FrameSink sink) throws DecodeException, SinkException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        if (decoder != null) {
            grabber.setVideoCodecName(decoder);
        }
        if (plan.decoderThreads() > 0) {
            grabber.setVideoOption("threads", Integer.toString(plan.decoderThreads()));
        }
        boolean keyframes = plan.mode() == SamplingMode.KEYFRAMES;
        if (!keyframes && plan.skipNonReference() && decoder == null) {
            // FFmpeg's AVDiscard name is "noref" (not "nonref"); a wrong value makes avcodec_open2 fail with -22.
            grabber.setVideoOption("skip_frame", "noref");
        }
        TimestampGate gate = new TimestampGate(plan.fps(), plan.startSeconds(), plan.expectedSeconds(), plan.maxFrames());
        int decoded = 0;
        long sinkNanos = 0;
        boolean seek = !keyframes && plan.seekBetweenSamples();
        try {
            grabber.start();
            while (!gate.full()) {
                Frame frame;
                try {
                    frame = keyframes ? grabber.grabKeyFrame() : grabber.grabImage();
                } catch (FrameGrabber.Exception | RuntimeException e) {
                    if (gate.kept() == 0) {
                        throw new DecodeException("decoding failed: " + e.getMessage(), e);
                    }
                    // Truncated tails are common in camera chunks: keep what was decoded.
                    LOG.warnf("decoding stopped after %d samples: %s", gate.kept(), e.getMessage());
                    break;
                }
                if (frame == null) {
                    break;
                }
                if (frame.image == null || !(frame.opaque instanceof AVFrame picture)) {
                    continue;
                }
                decoded++;
                double ts = frame.timestamp / 1_000_000.0;
                TimestampGate.Decision decision = gate.offer(ts);
                if (decision == TimestampGate.Decision.KEEP) {
                    long t0 = System.nanoTime();
                    try {
                        sink.accept(new SampledFrame(gate.kept() - 1, gate.offset(ts), picture));
                    } catch (Exception e) {
                        throw new SinkException(e);
                    }
                    sinkNanos += System.nanoTime() - t0;
                    if (seek && !gate.full()) {
                        seekTo(grabber, plan, gate.nextSlotStart());
                    }
                }
            }
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new DecodeException("cannot open the video for decoding: " + e.getMessage(), e);
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // Releasing cannot change the samples already taken.
            }
        }
        if (gate.kept() == 0) {
            throw new DecodeException("no frame with a usable timestamp (" + decoded + " decoded, " + gate.dropped() + " dropped)", null);
        }
        double effectiveFps = gate.kept() / Math.max(plan.expectedSeconds(), plan.interval());
        return new SamplingReport(plan.mode(), decoded, gate.kept(), gate.dropped(),
                Math.min(plan.fps(), effectiveFps), gate.full(), decoder == null ? "software" : decoder, sinkNanos);
    }

    /** Seeks to the key frame before the next slot; the grabber then decodes forward to it. */
    private static void seekTo(FFmpegFrameGrabber grabber, SamplingPlan plan, double offsetSeconds) throws FrameGrabber.Exception {
        long target = Math.round(offsetSeconds * 1_000_000L);
        // setTimestamp decodes forward to the target itself; being in RAW mode that costs no colour conversion.
        grabber.setVideoTimestamp(target);
    }
}
