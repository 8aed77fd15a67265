package io.vidsift.analyzer.inference;

import java.util.List;
import java.util.Map;

/**
 * What a model said about one sampled frame. {@code activity} is null for the first frame of a video (it has no
 * predecessor) and when the detector ran; {@code counts} and {@code boxes} are empty for the activity model.
 */
public record FrameScore(
        int index,
        double offsetSeconds,
        Double activity,
        float[] grid,
        Map<String, Integer> counts,
        List<Box> boxes) {
}
