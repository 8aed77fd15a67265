package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.VideoAnalyzed;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything known about one job: its plan, the winning report per chunk and per video, and the last completion
 * announced. Events may arrive before the plan (different topics), so they are kept until it comes. Not
 * thread-safe: {@link JobLedger} guards it.
 */
final class JobState {

    private final String jobId;
    private JobPlanned plan;
    private final Map<String, DownloadRecorded> chunks = new HashMap<>();
    private final Map<String, VideoAnalyzed> videos = new HashMap<>();
    private JobCompleted announced;
    // Earliest and latest report times over every report seen, superseded ones included: min and max do not
    // depend on arrival order, so a rebuilt ledger gives the same start and finish times.
    private Instant firstReport;
    private Instant lastReport;

    JobState(String jobId) {
        this.jobId = jobId;
    }

    /** The first plan wins: a redelivered JobPlanned is the same job, never a new one. */
    boolean plan(JobPlanned planned) {
        if (plan != null) {
            return false;
        }
        plan = planned;
        return true;
    }

    boolean record(DownloadRecorded recorded) {
        seen(recorded.recordedAt());
        DownloadRecorded current = chunks.get(recorded.chunkId());
        DownloadRecorded winner = Latest.download(current, recorded);
        if (winner == current) {
            return false;
        }
        chunks.put(recorded.chunkId(), winner);
        return !winner.equals(current);
    }

    boolean record(VideoAnalyzed analyzed) {
        seen(analyzed.analyzedAt());
        VideoAnalyzed current = videos.get(analyzed.videoId());
        VideoAnalyzed winner = Latest.analysis(current, analyzed);
        if (winner == current) {
            return false;
        }
        videos.put(analyzed.videoId(), winner);
        return !winner.equals(current);
    }

    private void seen(String time) {
        Instant at = EventTimes.instant(time);
        if (at != null) {
            firstReport = firstReport == null || at.isBefore(firstReport) ? at : firstReport;
            lastReport = lastReport == null || at.isAfter(lastReport) ? at : lastReport;
        }
    }

    void announced(JobCompleted completed) {
        announced = completed;
    }

    JobSnapshot snapshot() {
        return JobSnapshot.of(jobId, plan, chunks.values(), videos.values(), announced, firstReport, lastReport);
    }
}
