package io.vidsift.aggregator.domain;

import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, sorted copy of one job, and every figure derived from it (phase, counts, progress, times). Files,
 * the REST API and JobCompleted are all computed from a snapshot, so they always agree with each other.
 *
 * @param plan     null until the JobPlanned record has been read
 * @param chunks   latest report per chunk, sorted by camera and requested time
 * @param videos   latest analysis per video, sorted the same way (local videos by path)
 * @param firstReport earliest report time over all reports seen, superseded ones included (null when none)
 * @param lastReport  latest such time
 */
public record JobSnapshot(String jobId, JobPlanned plan, List<DownloadRecorded> chunks, List<VideoAnalyzed> videos,
                          JobCompleted announced, Instant firstReport, Instant lastReport) {

    public static final Comparator<CloudWindow> WINDOW_ORDER = Comparator
            .comparing(CloudWindow::deviceSerial, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(CloudWindow::channelNo)
            .thenComparingLong(CloudWindow::requestedBegin)
            .thenComparingLong(CloudWindow::requestedEnd);

    private static final Comparator<DownloadRecorded> CHUNK_ORDER = Comparator
            .comparing(DownloadRecorded::window, Comparator.nullsLast(WINDOW_ORDER))
            .thenComparing(DownloadRecorded::chunkId);

    private static final Comparator<VideoAnalyzed> VIDEO_ORDER = Comparator
            .comparing(VideoAnalyzed::window, Comparator.nullsLast(WINDOW_ORDER))
            .thenComparing(VideoAnalyzed::path, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(VideoAnalyzed::videoId);

    static JobSnapshot of(String jobId, JobPlanned plan, Collection<DownloadRecorded> chunks,
                          Collection<VideoAnalyzed> videos, JobCompleted announced, Instant firstReport, Instant lastReport) {
        return new JobSnapshot(jobId, plan, chunks.stream().sorted(CHUNK_ORDER).toList(),
                videos.stream().sorted(VIDEO_ORDER).toList(), announced, firstReport, lastReport);
    }

    public boolean planned() {
        return plan != null;
    }

    public JobConfig config() {
        return plan == null ? null : plan.config();
    }

    public boolean dryRun() {
        return plan != null && plan.config().dryRun();
    }

    public boolean local() {
        return plan != null && plan.config().mode() == SourceMode.LOCAL;
    }

    /** The job's runtime.timezone; the planner validated it, but a bad one must not stop the files being written. */
    public ZoneId zone() {
        String timezone = plan == null ? null : plan.config().timezone();
        try {
            return ZoneId.of(timezone == null ? JobConfig.DEFAULT_TIMEZONE : timezone);
        } catch (DateTimeException e) {
            return ZoneId.of(JobConfig.DEFAULT_TIMEZONE);
        }
    }

    public Map<String, Long> chunksByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (DownloadStatus status : DownloadStatus.values()) {
            counts.put(status.key(), 0L);
        }
        chunks.forEach(c -> counts.merge(c.status().key(), 1L, Long::sum));
        return counts;
    }

    public Map<String, Long> videosByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (AnalysisStatus status : AnalysisStatus.values()) {
            counts.put(status.key(), 0L);
        }
        videos.forEach(v -> counts.merge(v.status().key(), 1L, Long::sum));
        return counts;
    }

    public long terminalChunks() {
        boolean dryRun = dryRun();
        return chunks.stream().filter(c -> c.status().terminal(dryRun)).count();
    }

    /** Downloaded chunks whose video has no analysis yet: the analyzer still owes us these. */
    public List<DownloadRecorded> awaitingAnalysis() {
        if (dryRun()) {
            return List.of();
        }
        Set<String> analyzedChunks = new HashSet<>();
        Set<String> analyzedVideos = new HashSet<>();
        for (VideoAnalyzed video : videos) {
            if (video.chunkId() != null) {
                analyzedChunks.add(video.chunkId());
            }
            analyzedVideos.add(video.videoId());
        }
        return chunks.stream()
                .filter(c -> c.status() == DownloadStatus.DOWNLOADED)
                .filter(c -> !analyzedChunks.contains(c.chunkId())
                        && (c.path() == null || !analyzedVideos.contains(Ids.videoId(jobId, c.path()))))
                .toList();
    }

    /**
     * Every planned chunk has a terminal download status and every downloaded (or local) video a terminal analysis.
     * The aggregator does not read the chunk topic, so "every planned chunk" is the plan's count of distinct chunks.
     */
    public boolean complete() {
        if (plan == null) {
            return false;
        }
        if (local()) {
            return videos.size() >= plan.files();
        }
        return terminalChunks() >= plan.chunks() && awaitingAnalysis().isEmpty();
    }

    public long failures() {
        return chunks.stream().filter(c -> c.status().failed()).count()
                + videos.stream().filter(v -> v.status().failed()).count();
    }

    public JobPhase phase() {
        if (complete()) {
            return failures() > 0 ? JobPhase.COMPLETED_WITH_FAILURES : JobPhase.COMPLETED;
        }
        if (local()) {
            return videos.isEmpty() ? JobPhase.PLANNED : JobPhase.ANALYZING;
        }
        if (chunks.isEmpty() && videos.isEmpty()) {
            return JobPhase.PLANNED;
        }
        return plan != null && terminalChunks() >= plan.chunks() ? JobPhase.ANALYZING : JobPhase.DOWNLOADING;
    }

    /**
     * Done work over known work, in [0, 1]. In hik_cloud mode a chunk counts once for its download and, when it can
     * still yield a video, once more for its analysis; chunks that ended without a video drop out of the second
     * part, so the fraction never goes backwards as outcomes become known.
     */
    public double progress() {
        if (plan == null) {
            return 0;
        }
        if (complete()) {
            return 1;
        }
        double done;
        double total;
        if (local()) {
            done = videos.size();
            total = plan.files();
        } else if (dryRun()) {
            done = terminalChunks();
            total = plan.chunks();
        } else {
            Map<String, Long> byStatus = chunksByStatus();
            long withoutVideo = byStatus.get(DownloadStatus.NO_RECORDING.key()) + byStatus.get(DownloadStatus.ADDRESS_FAILED.key())
                    + byStatus.get(DownloadStatus.DOWNLOAD_FAILED.key());
            long expectedVideos = Math.max(plan.chunks() - withoutVideo, videos.size());
            done = terminalChunks() + videos.size();
            total = plan.chunks() + expectedVideos;
        }
        if (total <= 0) {
            return 0;
        }
        return Math.min(1.0, Math.round(done / total * 10_000) / 10_000.0);
    }

    public long clips() {
        return videos.stream().mapToLong(v -> v.clips() == null ? 0 : v.clips().size()).sum();
    }

    /** The flat counts JobCompleted and GET /jobs/{id} carry: every status, plus what was planned. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("chunks_planned", plan == null ? 0 : plan.chunks());
        counts.put("files_planned", plan == null ? 0 : plan.files());
        counts.putAll(chunksByStatus());
        counts.putAll(videosByStatus());
        counts.put("awaiting_analysis", (long) awaitingAnalysis().size());
        counts.put("clips", clips());
        counts.put("failures", failures());
        return counts;
    }

    /** When work on the job was first reported (any chunk or video report). */
    public String startedAt() {
        return firstReport == null ? null : firstReport.toString();
    }

    public String updatedAt() {
        return lastReport == null ? null : lastReport.toString();
    }

    /**
     * The time of the last report that completed the job. Taken from the events, not the clock, so that a rebuild
     * after a restart gives the same value and JobCompleted is not re-announced.
     */
    public String finishedAt() {
        if (!complete()) {
            return null;
        }
        String last = updatedAt();
        return last != null ? last : plan.plannedAt();
    }

    /** The completion message for this snapshot, or null while the job is not complete. */
    public JobCompleted completion(String outputDir) {
        if (!complete()) {
            return null;
        }
        return new JobCompleted(Schema.VERSION, jobId, phase().key(), counts(), outputDir, finishedAt());
    }

    /** Announce when complete and nothing announced yet, or when the outcome changed since (a late retry). */
    public boolean needsAnnouncement() {
        if (!complete()) {
            return false;
        }
        return announced == null || !announced.state().equals(phase().key()) || !announced.counts().equals(counts());
    }

    /** Cameras as configured, so that a camera with no reports yet still shows in the summary and report. */
    public List<Camera> cameras() {
        Map<Camera, Boolean> cameras = new LinkedHashMap<>();
        if (plan != null && plan.config().hikCloud() != null && plan.config().hikCloud().devices() != null) {
            plan.config().hikCloud().devices().forEach(d -> cameras.put(new Camera(d.deviceSerial(), d.channelNo(), d.name()), true));
        }
        List<Camera> seen = new ArrayList<>();
        chunks.forEach(c -> seen.add(Camera.of(c.window())));
        videos.forEach(v -> seen.add(v.window() == null ? Camera.LOCAL : Camera.of(v.window())));
        for (Camera camera : seen) {
            boolean known = cameras.keySet().stream().anyMatch(c -> c.sameChannel(camera));
            if (!known) {
                cameras.put(camera, true);
            }
        }
        return cameras.keySet().stream().sorted().toList();
    }
}
