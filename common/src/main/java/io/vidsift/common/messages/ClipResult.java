package io.vidsift.common.messages;

import java.util.List;
import java.util.Map;

/**
 * One window of {@code clip_seconds} over the sampled frames. Offsets are seconds from the start of the video;
 * {@code wallStart}/{@code wallEnd} are epoch milliseconds (actual_begin + offset) when the video has a cloud
 * window, else null. {@code partial} marks a last clip shorter than clip_seconds. {@code activity} is the mean
 * activity score in [0, 1] and {@code activityGrid} the coarse per-cell means (row-major) when the activity model
 * ran; {@code counts} holds detector classes.
 */
public record ClipResult(
        int index,
        double startOffset,
        double endOffset,
        Long wallStart,
        Long wallEnd,
        int frames,
        boolean partial,
        Double activity,
        List<Double> activityGrid,
        Map<String, ClassStats> counts) {
}
