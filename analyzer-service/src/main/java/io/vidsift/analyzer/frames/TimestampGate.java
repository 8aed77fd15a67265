package io.vidsift.analyzer.frames;

/**
 * Decides, frame by frame and from timestamps alone, which decoded frames become samples.
 * <p>
 * <b>Slots.</b> Slot k is at offset k / fps. A frame fills the nearest slot when it comes no more than
 * {@code early} seconds before it (keyframes mode: half an interval, so a key frame 1 ms before the second still
 * counts for that second; exact mode: half a source frame), else the slot before it (late, e.g. after a gap). Each
 * slot takes its first frame; a frame is never duplicated to fill a gap.
 * <p>
 * <b>Broken timestamps.</b> A timestamp that goes back by more than {@link #RESET_SECONDS} (recorder segments
 * concatenated, a clock resync), or jumps forward by more than {@link #JUMP_SECONDS} past the expected end,
 * <i>re-anchors</i> the timeline: that frame continues one source frame after the last good one, and so do the
 * frames after it, instead of all of them being dropped. Each re-anchor is counted. Smaller steps back (duplicates,
 * reordering) and frames beyond the expected duration are dropped and counted. The cap stops decoding whatever
 * the timestamps say: a 10-minute chunk never turns into tens of thousands of frames.
 * <p>
 * <b>Segments.</b> A gate may own only the slots of [from, until) of the timeline (parallel decoding). With
 * {@code predecessor}, it also keeps the slot just before {@code from}, flagged by {@link #keptPredecessor()}: that
 * sample only gives the segment's first own sample something to be compared with, so no frame difference is lost
 * at a segment boundary; it is not counted in {@link #kept()}.
 */
public final class TimestampGate {

    /** END: past this gate's segment, the next segment's decoder takes over from here. */
    public enum Decision { KEEP, SKIP, DROP, FULL, END }

    /** Timestamps may run a little past the expected end (muxers round, cameras overlap chunks). */
    private static final double SLACK_SECONDS = 1.0;
    private static final double EPSILON = 1e-3;
    /** A step back larger than this is a reset, not a reordered or duplicated frame. */
    public static final double RESET_SECONDS = 1.0;
    /**
     * A step forward larger than this that lands past the expected end is a jump (longer than any GOP a camera
     * uses, so keyframes-mode steps never count); one inside the expected duration may be a real recording gap.
     */
    public static final double JUMP_SECONDS = 30.0;

    private final double fps;
    private final double startSeconds;
    private final double latestAccepted;
    private final int maxFrames;
    private final double early;
    private final double step;
    private final int firstSlot;
    private final long endSlot;
    private final boolean predecessor;
    private double shift;
    private double lastRaw = Double.NaN;
    private double lastSeen = Double.NEGATIVE_INFINITY;
    private double lastOffset = Double.NaN;
    private long lastSlot;
    private boolean keptPredecessor;
    private double jumpedTo = Double.NaN;
    private int kept;
    private int dropped;
    private int reanchored;

    /** A whole-video gate with exact-mode tolerance (1 ms) and 25 fps source frames. */
    public TimestampGate(double fps, double startSeconds, double expectedSeconds, int maxFrames) {
        this(fps, startSeconds, expectedSeconds, maxFrames, 0, Double.POSITIVE_INFINITY);
    }

    /** A gate for the segment [from, until) of the timeline (offsets), exact-mode tolerance, no predecessor. */
    public TimestampGate(double fps, double startSeconds, double expectedSeconds, int maxFrames, double from, double until) {
        this(fps, startSeconds, expectedSeconds, maxFrames, from, until, EPSILON, 1 / 25.0, false);
    }

    /**
     * @param early       how long before its slot a frame may still fill it (at most half an interval)
     * @param step        the source frame duration: where a re-anchored frame lands after the last good one
     * @param predecessor also keep the slot before {@code from}, as the first own sample's predecessor
     */
    public TimestampGate(double fps, double startSeconds, double expectedSeconds, int maxFrames, double from, double until,
                         double early, double step, boolean predecessor) {
        this.fps = fps;
        this.startSeconds = startSeconds;
        this.latestAccepted = expectedSeconds + Math.max(SLACK_SECONDS, 1.0 / fps);
        this.maxFrames = maxFrames;
        this.early = Math.max(0, Math.min(early, 0.5 / fps));
        this.step = step > 0 ? step : 1.0 / fps;
        this.firstSlot = (int) Math.round(from * fps);
        this.endSlot = Double.isInfinite(until) ? Long.MAX_VALUE : Math.round(until * fps);
        this.predecessor = predecessor && firstSlot > 0;
        this.lastSlot = firstSlot - (this.predecessor ? 2 : 1);
    }

    public Decision offer(double timestampSeconds) {
        keptPredecessor = false;
        if (kept >= maxFrames) {
            return Decision.FULL;
        }
        double raw = timestampSeconds - startSeconds;
        lastOffset = Double.NaN;
        if (Double.isNaN(raw)) {
            dropped++;
            return Decision.DROP;
        }
        if (!Double.isNaN(lastRaw) && lastSeen > Double.NEGATIVE_INFINITY) {
            double delta = raw - lastRaw;
            if (delta < -RESET_SECONDS || (delta > JUMP_SECONDS && raw + shift > latestAccepted)) {
                double anchor = Double.isNaN(jumpedTo) ? lastSeen + step : Math.max(lastSeen + step, jumpedTo);
                shift = anchor - raw;
                reanchored++;
            }
        }
        jumpedTo = Double.NaN;
        lastRaw = raw;
        double offset = raw + shift;
        if (offset < -EPSILON || offset > latestAccepted || offset <= lastSeen) {
            dropped++;
            return Decision.DROP;
        }
        lastSeen = offset;
        lastOffset = Math.max(0, offset);
        long near = Math.round(offset * fps);
        long slot = offset + early + EPSILON >= near / fps ? near : near - 1;
        if (slot >= endSlot) {
            return Decision.END;
        }
        if (slot <= lastSlot) {
            return Decision.SKIP;
        }
        lastSlot = slot;
        if (slot < firstSlot) {
            keptPredecessor = true;
            return Decision.KEEP;
        }
        kept++;
        return Decision.KEEP;
    }

    /**
     * The decoder was just moved straight to a key frame at {@code offset}: if the next frame's timestamp turns out
     * to be broken, that offset, not the frame after the last one seen, is where it belongs.
     */
    public void jumpedTo(double offset) {
        jumpedTo = offset;
    }

    /** Offset (seconds from the start, re-anchors applied) of the frame last offered; NaN when it was dropped. */
    public double lastOffset() {
        return lastOffset;
    }

    /** Whether the frame just kept is the predecessor sample from before this segment (not a sample of its own). */
    public boolean keptPredecessor() {
        return keptPredecessor;
    }

    /** The next slot's earliest acceptable offset: where a seek would go. */
    public double nextSlotStart() {
        return Math.max(0, (lastSlot + 1) / fps - early);
    }

    public int kept() {
        return kept;
    }

    public int dropped() {
        return dropped;
    }

    /** Timestamp resets and jumps that re-anchored the timeline. */
    public int reanchored() {
        return reanchored;
    }

    public boolean full() {
        return kept >= maxFrames;
    }
}
