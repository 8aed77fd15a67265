package io.vidsift.common.messages;

import java.util.List;
import java.util.Map;

/**
 * One window of {@code clip_seconds} over the sampled frames. Offsets are seconds from the start of the video;
 * {@code wallStart}/{@code wallEnd} are epoch milliseconds (actual_begin + offset) when the video has a cloud
 * window, else null. {@code partial} marks a last clip shorter than clip_seconds. {@code activity} is the mean
 * activity score in [0, 1] and {@code activityGrid} the coarse per-cell means (row-major) when the activity model
 * ran; {@code counts} holds detector classes.
 * <p>
 * Appended for event lists: {@code sceneChanges} counts the frames where most of the picture changed at once (IR
 * day/night switch, exposure step, lights), which are kept out of {@code activity}; {@code peakOffset} (seconds
 * from the start of the video) and {@code peakActivity} name the clip's busiest frame (most activity, or most
 * detections when the detector ran: then {@code peakActivity} is null); {@code thumbnail} is a JPEG of that frame,
 * relative to the storage root like every path in a message, written for clips with something going on (null
 * otherwise, and for clips of videos whose output dir is outside the storage root).
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
        Map<String, ClassStats> counts,
        int sceneChanges,
        Double peakOffset,
        Double peakActivity,
        String thumbnail) {

    /** The same clip with its peak frame's thumbnail. */
    public ClipResult withThumbnail(String path) {
        return new ClipResult(index, startOffset, endOffset, wallStart, wallEnd, frames, partial, activity, activityGrid, counts,
                sceneChanges, peakOffset, peakActivity, path);
    }
}
