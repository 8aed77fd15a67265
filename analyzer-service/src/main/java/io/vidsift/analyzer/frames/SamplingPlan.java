package io.vidsift.analyzer.frames;

/**
 * How one video is sampled. {@code mode} is EXACT or KEYFRAMES (never AUTO). {@code expectedSeconds} bounds the
 * timestamps that are believed; {@code maxFrames} = ceil(expectedSeconds x fps) + 1 bounds the output whatever the
 * file's timestamps say. {@code startSeconds} is the container start time that offsets are measured from.
 * {@code sourceFps} and {@code gopSeconds} (nullable) let the sampler skip what no sample needs.
 * {@code decoder} names an FFmpeg decoder to prefer (e.g. h264_cuvid), or null for the default one.
 * {@code segments} > 1 splits the timeline into that many parts decoded in parallel (exact mode only).
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
        String decoder,
        int segments) {

    public SamplingPlan {
        if (mode == SamplingMode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before planning");
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("sample fps must be > 0");
        }
    }

    /** The same plan decoded as {@code n} parallel segments. */
    public SamplingPlan withSegments(int n) {
        return new SamplingPlan(mode, fps, expectedSeconds, maxFrames, startSeconds, sourceFps, gopSeconds, decoderThreads, decoder, n);
    }

    /**
     * Segment boundaries as offsets, on slot boundaries so every slot belongs to exactly one segment; the last
     * segment is open-ended (the usual absurd-timestamp check applies there).
     */
    public double[] segmentBounds() {
        int n = Math.max(1, segments);
        double[] bounds = new double[n + 1];
        for (int k = 1; k < n; k++) {
            bounds[k] = Math.round(k * expectedSeconds / n * fps) / fps;
        }
        bounds[n] = Double.POSITIVE_INFINITY;
        return bounds;
    }

    /** Each segment's share of the cap: the slots it spans; the last takes the rest, so the total stays the cap. */
    public int[] segmentCaps() {
        double[] bounds = segmentBounds();
        int n = bounds.length - 1;
        int[] caps = new int[n];
        int used = 0;
        for (int k = 0; k < n - 1; k++) {
            caps[k] = Math.min(maxFrames - used, (int) (Math.ceil(bounds[k + 1] * fps - 1e-6) - Math.ceil(bounds[k] * fps - 1e-6)));
            used += caps[k];
        }
        caps[n - 1] = maxFrames - used;
        return caps;
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

    /**
     * How long before its slot a frame may fill it: half an interval for key frames (a key frame a millisecond
     * early still belongs to that second), half a source frame when decoding exactly (the frame nearest the slot).
     */
    public double early() {
        if (mode == SamplingMode.KEYFRAMES) {
            return interval() / 2;
        }
        return plausibleSourceFps() ? Math.min(interval() / 2, 0.5 / sourceFps) : 1e-3;
    }

    /** One source frame's duration: where a frame after a timestamp reset lands after the last good one. */
    public double frameStep() {
        return plausibleSourceFps() ? 1 / sourceFps : Math.min(interval(), 0.04);
    }

    /** A file with broken timestamps reports frame rates like 0.08 fps (one frame lasting hours): not believed. */
    private boolean plausibleSourceFps() {
        return sourceFps != null && sourceFps >= 1 && sourceFps <= 240;
    }

    /** Seeking pays off only when whole GOPs lie between two samples; otherwise decoding forward is cheaper. */
    public boolean seekBetweenSamples() {
        return gopSeconds != null && interval() > 2 * gopSeconds;
    }
}
