package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.Camera;
import io.vidsift.aggregator.domain.JobSnapshot;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.TimeRange;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.VideoAnalyzed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds {@link Summary} from a snapshot: per camera totals and the hourly timeline the report draws. */
public final class SummaryBuilder {

    private SummaryBuilder() {
    }

    public static Summary of(JobSnapshot job) {
        JobClock clock = new JobClock(job.zone());
        List<Summary.CameraSummary> cameras = new ArrayList<>();
        for (Camera camera : job.cameras()) {
            cameras.add(camera(job, camera, clock));
        }
        var config = job.config();
        Summary.Totals totals = new Summary.Totals(
                job.plan() == null ? 0 : job.plan().chunks(),
                job.plan() == null ? 0 : job.plan().files(),
                job.chunksByStatus(), job.videosByStatus(), job.clips(), job.failures(),
                sum(cameras, Summary.CameraSummary::hoursRequested),
                sum(cameras, Summary.CameraSummary::hoursDownloaded),
                sum(cameras, Summary.CameraSummary::hoursAnalyzed));
        return new Summary(job.jobId(), config == null ? null : config.name(),
                config == null ? null : config.mode().key(), job.dryRun(), job.phase().key(), job.progress(),
                clock.zone().getId(), job.plan() == null ? null : job.plan().plannedAt(), job.startedAt(),
                job.finishedAt(), totals, cameras);
    }

    private static Double sum(List<Summary.CameraSummary> cameras, java.util.function.Function<Summary.CameraSummary, Double> hours) {
        boolean any = cameras.stream().anyMatch(c -> hours.apply(c) != null);
        return any ? round(cameras.stream().map(hours).filter(h -> h != null).mapToDouble(Double::doubleValue).sum()) : null;
    }

    static Summary.CameraSummary camera(JobSnapshot job, Camera camera, JobClock clock) {
        List<DownloadRecorded> chunks = job.chunks().stream().filter(c -> camera.holds(c.window())).toList();
        List<VideoAnalyzed> videos = job.videos().stream().filter(v -> camera.holds(v.window())).toList();
        Map<String, Long> chunksByStatus = new LinkedHashMap<>();
        for (DownloadStatus status : DownloadStatus.values()) {
            chunksByStatus.put(status.key(), chunks.stream().filter(c -> c.status() == status).count());
        }
        Map<String, Long> videosByStatus = new LinkedHashMap<>();
        for (AnalysisStatus status : AnalysisStatus.values()) {
            videosByStatus.put(status.key(), videos.stream().filter(v -> v.status() == status).count());
        }
        long clips = videos.stream().mapToLong(v -> v.clips() == null ? 0 : v.clips().size()).sum();
        if (camera.deviceSerial() == null) {
            double seconds = videos.stream().filter(v -> v.status() == AnalysisStatus.ANALYZED)
                    .mapToDouble(v -> v.probe() == null || v.probe().durationSeconds() == null ? 0 : v.probe().durationSeconds()).sum();
            return new Summary.CameraSummary(null, null, camera.name(), chunksByStatus, videosByStatus, clips,
                    null, null, round(seconds / 3600), List.of());
        }
        Intervals requested = Intervals.merge(requested(job, chunks));
        Intervals downloaded = Intervals.merge(chunks.stream().filter(c -> c.status() == DownloadStatus.DOWNLOADED)
                .map(c -> span(c.window())).toList());
        Intervals analyzed = Intervals.merge(videos.stream().filter(v -> v.status() == AnalysisStatus.ANALYZED)
                .filter(v -> v.window() != null).map(SummaryBuilder::analyzedSpan).toList());
        List<Summary.HourBucket> timeline = timeline(videos, requested, downloaded, analyzed, clock);
        return new Summary.CameraSummary(camera.deviceSerial(), camera.channelNo(), camera.name(), chunksByStatus,
                videosByStatus, clips, round(requested.seconds() / 3600.0), round(downloaded.seconds() / 3600.0),
                round(analyzed.seconds() / 3600.0), timeline);
    }

    /** What was asked for: the configured ranges (the same for every camera), else the chunks' requested windows. */
    private static List<long[]> requested(JobSnapshot job, List<DownloadRecorded> chunks) {
        HikCloudConfig hik = job.config() == null ? null : job.config().hikCloud();
        if (hik != null && hik.timeRanges() != null && !hik.timeRanges().isEmpty()) {
            List<long[]> spans = new ArrayList<>();
            for (TimeRange range : hik.timeRanges()) {
                spans.add(new long[]{range.begin(), range.end()});
            }
            return spans;
        }
        return chunks.stream().map(c -> new long[]{c.window().requestedBegin(), c.window().requestedEnd()}).toList();
    }

    static long[] span(CloudWindow w) {
        long begin = w.actualBegin() != null ? w.actualBegin() : w.requestedBegin();
        long end = w.actualEnd() != null ? w.actualEnd() : w.requestedEnd();
        return new long[]{begin, end};
    }

    /** The probe's duration is what was really analyzed; the window is the fallback when probing told nothing. */
    static long[] analyzedSpan(VideoAnalyzed video) {
        long[] span = span(video.window());
        if (video.probe() != null && video.probe().durationSeconds() != null && video.probe().durationSeconds() > 0) {
            span[1] = span[0] + Math.round(video.probe().durationSeconds());
        }
        return span;
    }

    private static List<Summary.HourBucket> timeline(List<VideoAnalyzed> videos, Intervals requested, Intervals downloaded,
                                                     Intervals analyzed, JobClock clock) {
        TreeSet<Long> hours = new TreeSet<>();
        for (Intervals intervals : List.of(requested, downloaded, analyzed)) {
            for (long[] s : intervals.spans()) {
                for (long h = clock.hourStart(s[0]); h < s[1]; h = clock.nextHour(h)) {
                    hours.add(h);
                }
            }
        }
        Map<Long, List<ClipResult>> clipsByHour = new TreeMap<>();
        for (VideoAnalyzed video : videos) {
            if (video.clips() == null) {
                continue;
            }
            for (ClipResult clip : video.clips()) {
                Long wall = ResultsTable.wallStart(video, clip);
                if (wall != null) {
                    long hour = clock.hourStart(Math.floorDiv(wall, 1000));
                    hours.add(hour);
                    clipsByHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(clip);
                }
            }
        }
        List<Summary.HourBucket> buckets = new ArrayList<>();
        for (long hour : hours) {
            long next = clock.nextHour(hour);
            List<ClipResult> clips = clipsByHour.getOrDefault(hour, List.of());
            List<Double> activity = clips.stream().map(ClipResult::activity).filter(a -> a != null).toList();
            buckets.add(new Summary.HourBucket(clock.hour(hour), hour, requested.overlap(hour, next),
                    downloaded.overlap(hour, next), analyzed.overlap(hour, next), clips.size(),
                    activity.isEmpty() ? null : round(activity.stream().mapToDouble(Double::doubleValue).average().orElse(0)),
                    activity.isEmpty() ? null : round(activity.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                    counts(clips)));
        }
        return buckets;
    }

    private static Map<String, Summary.ClassCount> counts(List<ClipResult> clips) {
        Map<String, List<ClassStats>> byClass = new TreeMap<>();
        for (ClipResult clip : clips) {
            if (clip.counts() != null) {
                clip.counts().forEach((name, stats) -> byClass.computeIfAbsent(name, n -> new ArrayList<>()).add(stats));
            }
        }
        Map<String, Summary.ClassCount> counts = new TreeMap<>();
        byClass.forEach((name, stats) -> counts.put(name, new Summary.ClassCount(
                stats.stream().mapToInt(ClassStats::max).max().orElse(0),
                round(stats.stream().mapToDouble(ClassStats::mean).average().orElse(0)))));
        return counts;
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
