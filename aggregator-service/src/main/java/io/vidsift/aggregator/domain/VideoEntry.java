package io.vidsift.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.vidsift.common.messages.VideoAnalyzed;

import java.util.List;

/**
 * One row of video_manifest.jsonl: either a downloaded chunk still waiting for its analysis ({@code pending},
 * {@code chunkKey} names the chunk), or the winning analysis without its clips (they stay in their JSONL file, or
 * for a schema 1 message in the clips store), with what it added to the hourly timeline so that a later analysis
 * can take it back.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class VideoEntry {

    boolean pending;
    String chunkKey;
    VideoAnalyzed analysis;
    int clipCount;
    String clipsPath;
    boolean inlineClips;
    List<Long> clipHours = List.of();
    String clipsError;
    Double activityMean;

    VideoEntry() {
    }

    static VideoEntry pending(String chunkKey) {
        VideoEntry entry = new VideoEntry();
        entry.pending = true;
        entry.chunkKey = chunkKey;
        return entry;
    }

    static VideoEntry analyzed(VideoAnalyzed analysis, int clipCount, String clipsPath, boolean inlineClips,
                               List<Long> clipHours, String clipsError, Double activityMean) {
        VideoEntry entry = new VideoEntry();
        entry.analysis = analysis;
        entry.clipCount = clipCount;
        entry.clipsPath = clipsPath;
        entry.inlineClips = inlineClips;
        entry.clipHours = List.copyOf(clipHours);
        entry.clipsError = clipsError;
        entry.activityMean = activityMean;
        return entry;
    }

    public boolean pending() {
        return pending;
    }

    public String chunkKey() {
        return chunkKey;
    }

    /** The analysis with {@code clips} null; null while pending. */
    public VideoAnalyzed analysis() {
        return analysis;
    }

    public int clipCount() {
        return clipCount;
    }

    /** The clip rows' JSONL file relative to the storage root (schema 2), else null. */
    public String clipsPath() {
        return clipsPath;
    }

    /** Whether the clips came inline (schema 1) and are kept in the clips store under this video's key. */
    public boolean inlineClips() {
        return inlineClips;
    }

    List<Long> clipHours() {
        return clipHours;
    }

    /** Mean activity over the video's clips (null when none had one): the report's bar for a local video. */
    public Double activityMean() {
        return activityMean;
    }

    /** Why the clip file could not be read when the analysis was folded (its clips are missing from the timeline). */
    public String clipsError() {
        return clipsError;
    }
}
