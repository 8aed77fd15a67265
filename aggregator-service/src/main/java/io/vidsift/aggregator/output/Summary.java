package io.vidsift.aggregator.output;

import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: the job overview and, per device/channel, chunks by status, hours requested, downloaded
 * and analyzed, and an hourly timeline. Hours are local hours of the job's timezone.
 */
public record Summary(
        String jobId,
        String name,
        String mode,
        boolean dryRun,
        String state,
        double progress,
        String timezone,
        String plannedAt,
        String startedAt,
        String finishedAt,
        Totals totals,
        List<CameraSummary> cameras) {

    public record Totals(
            long chunksPlanned,
            long filesPlanned,
            Map<String, Long> chunksByStatus,
            Map<String, Long> videosByStatus,
            long clips,
            long failures,
            Double hoursRequested,
            Double hoursDownloaded,
            Double hoursAnalyzed) {
    }

    /** Hours are null where they do not apply (a local camera has nothing requested or downloaded). */
    public record CameraSummary(
            String deviceSerial,
            Integer channelNo,
            String name,
            Map<String, Long> chunksByStatus,
            Map<String, Long> videosByStatus,
            long clips,
            Double hoursRequested,
            Double hoursDownloaded,
            Double hoursAnalyzed,
            List<HourBucket> timeline) {
    }

    /**
     * One local hour of one camera: seconds of it requested, downloaded and analyzed, and the clips that start in
     * it with their mean/max activity and, per detector class, the largest count and the mean of clip means.
     */
    public record HourBucket(
            String hour,
            long start,
            long requestedSeconds,
            long downloadedSeconds,
            long analyzedSeconds,
            long clips,
            Double activityMean,
            Double activityMax,
            Map<String, ClassCount> counts) {
    }

    public record ClassCount(int max, double mean) {
    }
}
