package io.vidsift.analyzer.frames;

/**
 * How one video is sampled. {@code mode} is EXACT or KEYFRAMES (never AUTO). {@code expectedSeconds} bounds the
 * timestamps that are believed; {@code maxFrames} = ceil(expectedSeconds x fps) + 1 bounds the output whatever the
 * file's timestamps say. {@code startSeconds} is the container start time that offsets are measured from.
 * {@code sourceFps} and {@code gopSeconds} (nullable) let the sampler skip what no sample needs.
 * {@code decoder} names an FFmpeg decoder to prefer (e.g. h264_cuvid), or null for the default one.
 */
public record SamplingPlan(
        SamplingMode mode,
        double fps,
        double expectedSeconds,
        int maxFrames,
        double startSeconds,
        Double sourceFps,
        Double gopSeconds,
        int decoderThreads,
        String decoder) {

    public SamplingPlan {
        if (mode == SamplingMode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before planning");
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("sample fps must be > 0");
        }
    }

    public static int cap(double expectedSeconds, double fps) {
        return (int) Math.min(Integer.MAX_VALUE - 1L, (long) Math.ceil(expectedSeconds * fps - 1e-9)) + 1;
    }

    public double interval() {
        return 1.0 / fps;
    }

    /**
     * Non-reference frames (most B-frames) are never needed to decode other frames, so they can be skipped
     * when samples are at least three source frames apart: the nearest decoded frame is then at most a frame or
     * two after the target, and its real timestamp is recorded.
     */
    public boolean skipNonReference() {
        return sourceFps != null && interval() >= 3.0 / sourceFps;
    }

    /** Seeking pays off only when whole GOPs lie between two samples; otherwise decoding forward is cheaper. */
    public boolean seekBetweenSamples() {
        return gopSeconds != null && interval() > 2 * gopSeconds;
    }
}
