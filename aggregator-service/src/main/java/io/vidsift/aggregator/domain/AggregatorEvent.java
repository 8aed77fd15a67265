package io.vidsift.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoAnalyzed;

/**
 * One input event, as it travels re-keyed by job id: exactly one of {@code plan}, {@code download},
 * {@code analysis}, {@code devices} (a part of a big plan's device list) is set. An analysis of schema 2 names its
 * clip rows' JSONL file ({@code clips_path}, under the storage root); one of schema 1 carries them inline.
 * {@code devices} is left out of the JSON when null, so the other events travel as they did before it existed.
 */
public record AggregatorEvent(JobPlanned plan, DownloadRecorded download, VideoAnalyzed analysis,
                              @JsonInclude(JsonInclude.Include.NON_NULL) JobDevices devices) {

    public static AggregatorEvent of(JobPlanned plan) {
        return new AggregatorEvent(plan, null, null, null);
    }

    public static AggregatorEvent of(DownloadRecorded download) {
        return new AggregatorEvent(null, download, null, null);
    }

    public static AggregatorEvent of(VideoAnalyzed analysis) {
        return new AggregatorEvent(null, null, analysis, null);
    }

    public static AggregatorEvent of(JobDevices devices) {
        return new AggregatorEvent(null, null, null, devices);
    }

    public String jobId() {
        if (devices != null) {
            return devices.jobId();
        }
        return plan != null ? plan.jobId() : download != null ? download.jobId() : analysis.jobId();
    }

    /** The input topic the event came from. */
    public String topic() {
        return plan != null || devices != null ? Topics.JOBS : download != null ? Topics.DOWNLOADS : Topics.ANALYSES;
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
