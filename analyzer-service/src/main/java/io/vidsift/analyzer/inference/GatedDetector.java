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
 * activity scores); the detector sees every frame of a clip where some frame's activity reaches the gate, plus the
 * frames within {@code gateMarginSeconds} before and after such a clip (someone entering or leaving the picture
 * right at a clip boundary). Most clips of a real camera show nothing, and the detector costs ~100x the activity
 * model per frame.
 *
 * <p>One pass over the video: frames of an undecided clip, and the last margin of the clip before it, are
 * letterboxed and held ({@link HeldFrame}); when the clip ends its activity decides whether they go to the detector
 * or are dropped. Frames within the margin after an active clip go straight in. Memory: the held frames of one clip
 * plus the margin. Frames the detector did not see have empty counts and boxes: "not looked at", not "nobody there".
 */
public final class GatedDetector implements FrameScorer, AutoCloseable {

    private final ActivityScorer activity;
    private final DetectorScorer detector;
    private final double clipSeconds;
    private final DetectionOptions options;
    private final Deque<HeldFrame> held = new ArrayDeque<>();
    private int clip = -1;
    /** Frames before this offset go straight to the detector: the margin after the last active clip. */
    private double detectUntil = Double.NEGATIVE_INFINITY;
    private int detected;

    public GatedDetector(ActivityScorer activity, DetectorScorer detector, double clipSeconds, DetectionOptions options) {
        this.activity = activity;
        this.detector = detector;
        this.clipSeconds = clipSeconds;
        this.options = options;
    }

    @Override
    public void accept(SampledFrame frame) throws Exception {
        int frameClip = (int) Math.floor(frame.offsetSeconds() / clipSeconds);
        if (clip >= 0 && frameClip != clip) {
            decide();
        }
        clip = frameClip;
        activity.accept(frame);
        if (frame.offsetSeconds() < detectUntil) {
            detector.accept(frame);
            detected++;
        } else {
            held.addLast(detector.hold(frame));
        }
    }

    /** The current clip is complete: its activity decides about its held frames and the margin before it. */
    private void decide() throws Exception {
        double max = 0;
        for (FrameScore score : activity.flush()) {
            if (score.activity() != null && (int) Math.floor(score.offsetSeconds() / clipSeconds) == clip) {
                max = Math.max(max, score.activity());
            }
        }
        double start = clip * clipSeconds;
        double end = start + clipSeconds;
        if (max >= options.gateActivity()) {
            for (HeldFrame f : held) {
                if (f.offsetSeconds() >= start - options.gateMarginSeconds()) {
                    detector.accept(f);
                    detected++;
                }
            }
            held.clear();
            detectUntil = end + options.gateMarginSeconds();
        }
        // Only frames within the margin before the next clip can still be wanted.
        while (!held.isEmpty() && held.peekFirst().offsetSeconds() < end - options.gateMarginSeconds()) {
            held.removeFirst();
        }
    }

    @Override
    public List<FrameScore> finish() throws Exception {
        if (clip >= 0) {
            decide();
        }
        held.clear();
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
