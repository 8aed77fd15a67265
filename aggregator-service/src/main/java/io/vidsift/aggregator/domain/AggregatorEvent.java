package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoAnalyzed;

/**
 * One input event, as it travels re-keyed by job id: exactly one of {@code plan}, {@code download},
 * {@code analysis} is set. An analysis of schema 2 names its clip rows' JSONL file ({@code clips_path}, under the
 * storage root); one of schema 1 carries them inline.
 */
public record AggregatorEvent(JobPlanned plan, DownloadRecorded download, VideoAnalyzed analysis) {

    public static AggregatorEvent of(JobPlanned plan) {
        return new AggregatorEvent(plan, null, null);
    }

    public static AggregatorEvent of(DownloadRecorded download) {
        return new AggregatorEvent(null, download, null);
    }

    public static AggregatorEvent of(VideoAnalyzed analysis) {
        return new AggregatorEvent(null, null, analysis);
    }

    public String jobId() {
        return plan != null ? plan.jobId() : download != null ? download.jobId() : analysis.jobId();
    }

    /** The number of clips, whichever schema the analysis has. */
    public int clips() {
        return analysis == null ? 0 : analysis.clipTotal();
    }

    /** The analysis' clip file (schema 2), else null. */
    public String clipsPath() {
        return analysis == null ? null : analysis.clipsPath();
    }
}
