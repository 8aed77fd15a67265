package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoAnalyzed;

/**
 * One input event, as it travels re-keyed by job id: exactly one of {@code plan}, {@code download},
 * {@code analysis} is set. For an analysis, {@code clipCount} and {@code clipsPath} are read from the message
 * (schema 2: the clip rows are in a JSONL file under the storage root); a schema 1 analysis carries its clips
 * inline instead and {@code clipsPath} is null.
 */
public record AggregatorEvent(JobPlanned plan, DownloadRecorded download, VideoAnalyzed analysis, Integer clipCount,
                              String clipsPath) {

    public static AggregatorEvent of(JobPlanned plan) {
        return new AggregatorEvent(plan, null, null, null, null);
    }

    public static AggregatorEvent of(DownloadRecorded download) {
        return new AggregatorEvent(null, download, null, null, null);
    }

    public static AggregatorEvent of(VideoAnalyzed analysis, Integer clipCount, String clipsPath) {
        return new AggregatorEvent(null, null, analysis, clipCount, clipsPath);
    }

    public String jobId() {
        return plan != null ? plan.jobId() : download != null ? download.jobId() : analysis.jobId();
    }

    /** The number of clips: the message's count (schema 2), else the inline list's size. */
    public int clips() {
        if (clipCount != null) {
            return clipCount;
        }
        return analysis == null || analysis.clips() == null ? 0 : analysis.clips().size();
    }
}
