package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.CameraTotals;
import io.vidsift.aggregator.domain.ClipStats;
import io.vidsift.aggregator.domain.HourBucket;
import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.Keys;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.TimeRange;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobPlanned;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Per camera summaries of one job, built from the camera counters and hour buckets (never from chunk or clip rows):
 * chunks and videos by status, hours requested/downloaded/analyzed, and the hourly timeline. Requested time is the
 * plan's time ranges (the same for every camera, merged once); a plan without ranges falls back to the requested
 * windows of the chunks seen.
 */
final class CameraSummaries {

    private final JobTables tables;
    private final String jobId;
    private final JobClock clock;
    private final List<long[]> requested;
    private final long requestedSeconds;
    private final TreeMap<Long, Long> requestedHours = new TreeMap<>();

    CameraSummaries(JobTables tables, String jobId, JobClock clock) {
        this.tables = tables;
        this.jobId = jobId;
        this.clock = clock;
        this.requested = ranges(tables.plans().get(jobId));
        long seconds = 0;
        for (long[] span : requested) {
            seconds += span[1] - span[0];
            for (long hour = clock.hourStart(span[0]); hour < span[1]; hour = clock.nextHour(hour)) {
                long overlap = Math.max(0, Math.min(clock.nextHour(hour), span[1]) - Math.max(hour, span[0]));
                requestedHours.merge(hour, overlap, Long::sum);
            }
        }
        this.requestedSeconds = seconds;
    }

    /** Visits each camera's summary in camera order (until the visitor returns false); with or without timelines. */
    void forEach(boolean withTimeline, BiPredicate<CameraTotals, Summary.CameraSummary> visitor) {
        tables.cameras().scan(Keys.job(jobId), (key, camera) -> visitor.test(camera, summary(camera, withTimeline)));
    }

    Summary.CameraSummary summary(CameraTotals camera, boolean withTimeline) {
        Map<String, Long> chunks = new LinkedHashMap<>();
        for (DownloadStatus status : DownloadStatus.values()) {
            chunks.put(status.key(), camera.chunks(status));
        }
        Map<String, Long> videos = new LinkedHashMap<>();
        for (AnalysisStatus status : AnalysisStatus.values()) {
            videos.put(status.key(), camera.videos(status));
        }
        var id = camera.camera();
        if (id.deviceSerial() == null) {
            return new Summary.CameraSummary(null, null, id.name(), chunks, videos, camera.clips(), null, null,
                    round(camera.localSeconds() / 3600), List.of());
        }
        long requestedHere = requested.isEmpty() ? camera.requestedSeconds() : requestedSeconds;
        return new Summary.CameraSummary(id.deviceSerial(), id.channelNo(), id.name(), chunks, videos, camera.clips(),
                round(requestedHere / 3600.0), round(camera.downloadedSeconds() / 3600.0),
                round(camera.analyzedSeconds() / 3600.0), withTimeline ? timeline(camera) : List.of());
    }

    private List<Summary.HourBucket> timeline(CameraTotals camera) {
        TreeMap<Long, HourBucket> buckets = new TreeMap<>();
        String prefix = Keys.hours(jobId, camera.camera());
        tables.hours().scan(prefix, (key, bucket) -> {
            buckets.put(Long.parseLong(key.substring(prefix.length())), bucket);
            return true;
        });
        TreeMap<Long, Long> hours = new TreeMap<>(requestedHours);
        buckets.keySet().forEach(h -> hours.putIfAbsent(h, 0L));
        List<Summary.HourBucket> timeline = new ArrayList<>(hours.size());
        for (Map.Entry<Long, Long> hour : hours.entrySet()) {
            HourBucket bucket = buckets.get(hour.getKey());
            ClipStats clips = bucket == null ? new ClipStats() : bucket.clips();
            Map<String, Summary.ClassCount> counts = new TreeMap<>();
            clips.classes().forEach((name, sum) -> counts.put(name,
                    new Summary.ClassCount(sum.max(), round(sum.count() == 0 ? 0 : sum.meanSum() / sum.count()))));
            timeline.add(new Summary.HourBucket(clock.hour(hour.getKey()), hour.getKey(), hour.getValue(),
                    bucket == null ? 0 : bucket.downloadedSeconds(), bucket == null ? 0 : bucket.analyzedSeconds(),
                    clips.clips(), clips.activityMean() == null ? null : round(clips.activityMean()),
                    clips.activityMax() == null ? null : round(clips.activityMax()), counts));
        }
        return timeline;
    }

    private static List<long[]> ranges(JobPlanned plan) {
        HikCloudConfig hik = plan == null || plan.config() == null ? null : plan.config().hikCloud();
        if (hik == null || hik.timeRanges() == null) {
            return List.of();
        }
        List<long[]> sorted = new ArrayList<>();
        for (TimeRange range : hik.timeRanges()) {
            if (range.end() > range.begin()) {
                sorted.add(new long[]{range.begin(), range.end()});
            }
        }
        sorted.sort(Comparator.comparingLong(s -> s[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] span : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
