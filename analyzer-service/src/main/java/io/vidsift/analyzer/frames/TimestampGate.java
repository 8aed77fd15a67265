package io.vidsift.analyzer.frames;

/**
 * Decides, frame by frame and from timestamps alone, which decoded frames become samples. Keeps the first frame at
 * or after each sampling slot, never duplicates a frame to fill a gap, drops frames whose timestamps go backwards
 * or lie outside the expected duration, and stops at the cap. This is what keeps a 10-minute chunk with broken
 * timestamps from turning into tens of thousands of frames.
 */
public final class TimestampGate {

    /** END: past this gate's segment, the next segment's decoder takes over from here. */
    public enum Decision { KEEP, SKIP, DROP, FULL, END }

    /** Timestamps may run a little past the expected end (muxers round, cameras overlap chunks). */
    private static final double SLACK_SECONDS = 1.0;
    private static final double EPSILON = 1e-3;

    private final double fps;
    private final double startSeconds;
    private final double latestAccepted;
    private final int maxFrames;
    private final double from;
    private final double until;
    private double lastSeen = Double.NEGATIVE_INFINITY;
    private double nextSlotStart = 0;
    private int kept;
    private int dropped;

    public TimestampGate(double fps, double startSeconds, double expectedSeconds, int maxFrames) {
        this(fps, startSeconds, expectedSeconds, maxFrames, 0, Double.POSITIVE_INFINITY);
    }

    /** A gate for the segment [from, until) of the timeline (offsets), when segments are decoded in parallel. */
    public TimestampGate(double fps, double startSeconds, double expectedSeconds, int maxFrames, double from, double until) {
        this.fps = fps;
        this.startSeconds = startSeconds;
        this.latestAccepted = expectedSeconds + Math.max(SLACK_SECONDS, 1.0 / fps);
        this.maxFrames = maxFrames;
        this.from = from;
        this.until = until;
        this.nextSlotStart = from;
    }

    public Decision offer(double timestampSeconds) {
        if (kept >= maxFrames) {
            return Decision.FULL;
        }
        double offset = timestampSeconds - startSeconds;
        if (Double.isNaN(offset) || offset < -EPSILON || offset > latestAccepted || offset <= lastSeen) {
            dropped++;
            return Decision.DROP;
        }
        lastSeen = offset;
        if (offset + EPSILON >= until) {
            return Decision.END;
        }
        if (offset + EPSILON < nextSlotStart) {
            return Decision.SKIP;
        }
        kept++;
        nextSlotStart = (Math.floor(offset * fps + EPSILON) + 1) / fps;
        return Decision.KEEP;
    }

    /** Offset (seconds from the start) of the frame last offered; meaningful after KEEP. */
    public double offset(double timestampSeconds) {
        return Math.max(0, timestampSeconds - startSeconds);
    }

    /** The next slot's start as an offset: where a seek would go. */
    public double nextSlotStart() {
        return nextSlotStart;
    }

    public int kept() {
        return kept;
    }

    public int dropped() {
        return dropped;
    }

    public boolean full() {
        return kept >= maxFrames;
    }
}
