package io.vidsift.analyzer.inference;

import io.vidsift.analyzer.frames.SampledFrame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The activity model gating the detector. Every frame goes through the cheap activity graph (so clips keep their
 * activity scores); the detector sees only the frames of clips where some frame's activity reaches the gate, plus
 * {@code gateMarginClips} clips before and after. Most clips of a real camera show nothing, and the detector costs
 * ~100x the activity model per frame.
 *
 * <p>One pass over the video: frames of an undecided clip are letterboxed and held ({@link HeldFrame}); when the clip
 * ends its activity decides whether they (and the held margin before it) go to the detector or are dropped. Frames
 * within the margin after an active clip go straight in. Memory: the held frames of at most margin + 1 clips.
 * Frames the detector did not see have empty counts and boxes: "not looked at", not "nobody there".
 */
public final class GatedDetector implements FrameScorer, AutoCloseable {

    private final ActivityScorer activity;
    private final DetectorScorer detector;
    private final double clipSeconds;
    private final DetectionOptions options;
    private final Deque<Clip> clips = new ArrayDeque<>();
    private int lastActive = Integer.MIN_VALUE / 2;
    private int detected;

    /** A clip whose frames may still be waiting for the gate's decision. */
    private static final class Clip {
        final int index;
        final List<HeldFrame> held = new ArrayList<>();
        double maxActivity;

        Clip(int index) {
            this.index = index;
        }
    }

    public GatedDetector(ActivityScorer activity, DetectorScorer detector, double clipSeconds, DetectionOptions options) {
        this.activity = activity;
        this.detector = detector;
        this.clipSeconds = clipSeconds;
        this.options = options;
    }

    @Override
    public void accept(SampledFrame frame) throws Exception {
        int clip = (int) Math.floor(frame.offsetSeconds() / clipSeconds);
        Clip current = clips.peekLast();
        if (current == null || current.index != clip) {
            if (current != null) {
                decide();
            }
            current = new Clip(clip);
            clips.addLast(current);
        }
        activity.accept(frame);
        if (clip - lastActive <= options.gateMarginClips()) {
            detector.accept(frame);
            detected++;
        } else {
            current.held.add(detector.hold(frame));
        }
    }

    /** The newest clip is complete: its activity decides about its held frames and the margin before it. */
    private void decide() throws Exception {
        Clip current = clips.peekLast();
        for (FrameScore score : activity.flush()) {
            int clip = (int) Math.floor(score.offsetSeconds() / clipSeconds);
            for (Clip c : clips) {
                if (c.index == clip && score.activity() != null) {
                    c.maxActivity = Math.max(c.maxActivity, score.activity());
                }
            }
        }
        if (current.maxActivity >= options.gateActivity()) {
            lastActive = current.index;
            for (Clip c : clips) {
                if (current.index - c.index <= options.gateMarginClips()) {
                    for (HeldFrame f : c.held) {
                        detector.accept(f);
                        detected++;
                    }
                }
                c.held.clear();
            }
        }
        // Only the last margin clips can still become the margin before a later active clip.
        while (clips.size() > options.gateMarginClips()) {
            clips.removeFirst();
        }
    }

    @Override
    public List<FrameScore> finish() throws Exception {
        if (!clips.isEmpty()) {
            decide();
        }
        clips.clear();
        Map<Integer, FrameScore> detections = new HashMap<>();
        for (FrameScore d : detector.finish()) {
            detections.put(d.index(), d);
        }
        List<FrameScore> merged = new ArrayList<>();
        for (FrameScore a : activity.finish()) {
            FrameScore d = detections.get(a.index());
            merged.add(new FrameScore(a.index(), a.offsetSeconds(), a.activity(), a.grid(),
                    d == null ? Map.of() : d.counts(), d == null ? List.of() : d.boxes()));
        }
        return merged;
    }

    /** Frames the detector was given (the rest were gated out). */
    public int detectedFrames() {
        return detected;
    }

    @Override
    public long preprocessNanos() {
        return activity.preprocessNanos() + detector.preprocessNanos();
    }

    @Override
    public long inferenceNanos() {
        return activity.inferenceNanos() + detector.inferenceNanos();
    }

    @Override
    public int batchSize() {
        return detector.batchSize();
    }

    /** Detector first: it waits for its inference thread. */
    @Override
    public void close() {
        detector.close();
        activity.close();
    }
}
