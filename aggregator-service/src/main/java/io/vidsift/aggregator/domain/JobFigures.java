package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every figure derived from a job's counters: phase, completion, progress, the flat counts. The status API,
 * summary.json and JobCompleted all use these, so they always agree. O(1): nothing here reads a row.
 */
public record JobFigures(JobTotals totals) {

    /**
     * hik_cloud: every planned chunk has a terminal download status and every downloaded chunk an analysis; dry
     * run: every planned chunk has a status; local: every planned file has an analysis. The aggregator does not
     * read the chunk topic, so "every planned chunk" is the plan's count of distinct chunks. A plan whose device
     * list came in parts is complete only once every part is folded: its cameras without any chunk must be in the
     * final files.
     */
    public boolean complete() {
        if (!totals.planned() || !totals.devicesComplete()) {
            return false;
        }
        if (totals.local()) {
            return totals.analyzed() >= totals.plannedFiles();
        }
        return totals.terminal() >= totals.plannedChunks() && totals.awaiting() == 0;
    }

    public long failures() {
        long failed = 0;
        for (DownloadStatus status : DownloadStatus.values()) {
            failed += status.failed() ? totals.chunks(status) : 0;
        }
        for (AnalysisStatus status : AnalysisStatus.values()) {
            failed += status.failed() ? totals.videos(status) : 0;
        }
        return failed;
    }

    public JobPhase phase() {
        if (complete()) {
            return failures() > 0 ? JobPhase.COMPLETED_WITH_FAILURES : JobPhase.COMPLETED;
        }
        if (totals.local()) {
            return totals.analyzed() == 0 ? JobPhase.PLANNED : JobPhase.ANALYZING;
        }
        if (totals.recorded() == 0 && totals.analyzed() == 0) {
            return JobPhase.PLANNED;
        }
        return totals.planned() && totals.terminal() >= totals.plannedChunks() ? JobPhase.ANALYZING : JobPhase.DOWNLOADING;
    }

    /**
     * Done work over known work, in [0, 1]. In hik_cloud mode a chunk counts once for its download and, when it can
     * still yield a video, once more for its analysis; chunks that ended without a video drop out of the second
     * part, so the fraction never goes backwards as outcomes become known.
     */
    public double progress() {
        if (!totals.planned()) {
            return 0;
        }
        if (complete()) {
            return 1;
        }
        double done;
        double total;
        if (totals.local()) {
            done = totals.analyzed();
            total = totals.plannedFiles();
        } else if (totals.dryRun()) {
            done = totals.terminal();
            total = totals.plannedChunks();
        } else {
            long withoutVideo = totals.chunks(DownloadStatus.NO_RECORDING) + totals.chunks(DownloadStatus.ADDRESS_FAILED)
                    + totals.chunks(DownloadStatus.DOWNLOAD_FAILED);
            long expectedVideos = Math.max(totals.plannedChunks() - withoutVideo, totals.analyzed());
            done = totals.terminal() + totals.analyzed();
            total = totals.plannedChunks() + expectedVideos;
        }
        if (total <= 0) {
            return 0;
        }
        return Math.min(1.0, Math.round(done / total * 10_000) / 10_000.0);
    }

    public Map<String, Long> chunksByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (DownloadStatus status : DownloadStatus.values()) {
            counts.put(status.key(), totals.chunks(status));
        }
        return counts;
    }

    public Map<String, Long> videosByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (AnalysisStatus status : AnalysisStatus.values()) {
            counts.put(status.key(), totals.videos(status));
        }
        return counts;
    }

    /** The flat counts JobCompleted and GET /jobs/{id} carry: every status, plus what was planned. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("chunks_planned", totals.plannedChunks());
        counts.put("files_planned", totals.plannedFiles());
        counts.putAll(chunksByStatus());
        counts.putAll(videosByStatus());
        counts.put("awaiting_analysis", totals.awaiting());
        counts.put("clips", totals.clips());
        counts.put("failures", failures());
        return counts;
    }

    /**
     * The time of the last report once the job is complete. Taken from the events, not the clock, so that state
     * restored after a restart gives the same value.
     */
    public String finishedAt() {
        if (!complete()) {
            return null;
        }
        return totals.lastReport() != null ? totals.lastReport() : totals.plannedAt();
    }

    /** The completion message, or null while the job is not complete. */
    public JobCompleted completion(String outputDir) {
        if (!complete()) {
            return null;
        }
        return new JobCompleted(Schema.VERSION, totals.jobId(), phase().key(), counts(), outputDir, finishedAt());
    }
}
