package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.VideoAnalyzed;

import java.util.Comparator;

/**
 * Which of two reports about the same chunk (or video) is the one to keep. Arrival order means nothing here: the
 * three topics are consumed independently, redelivered, and replayed after a restart, so the winner must depend
 * only on the reports themselves. That makes the fold order-independent, which is what keeps manifests free of
 * duplicates and stale rows.
 */
public final class Latest {

    /**
     * A terminal status is never overridden by {@code address_ok}: an address after a terminal outcome is a stale
     * or redundant report (the downloader skips chunks it already downloaded). Otherwise the later
     * {@code recorded_at} wins, then the higher retry count, then a fixed status order so that two reports with
     * equal times still give one answer.
     */
    private static final Comparator<DownloadRecorded> DOWNLOADS = Comparator
            .comparing((DownloadRecorded d) -> d.status().terminal(d.dryRun()) ? 1 : 0)
            .thenComparing(d -> EventTimes.instant(d.recordedAt()), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(DownloadRecorded::retryCount)
            .thenComparingInt(d -> downloadRank(d.status()));

    private static final Comparator<VideoAnalyzed> ANALYSES = Comparator
            .comparing((VideoAnalyzed v) -> EventTimes.instant(v.analyzedAt()), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(v -> v.status().failed() ? 0 : 1)
            .thenComparingInt(v -> v.clips() == null ? 0 : v.clips().size());

    private Latest() {
    }

    /** The report to keep; {@code current} (may be null) stays when the two are equal, so redelivery is a no-op. */
    public static DownloadRecorded download(DownloadRecorded current, DownloadRecorded incoming) {
        if (current == null) {
            return incoming;
        }
        return DOWNLOADS.compare(incoming, current) > 0 ? incoming : current;
    }

    public static VideoAnalyzed analysis(VideoAnalyzed current, VideoAnalyzed incoming) {
        if (current == null) {
            return incoming;
        }
        return ANALYSES.compare(incoming, current) > 0 ? incoming : current;
    }

    private static int downloadRank(DownloadStatus status) {
        return switch (status) {
            case ADDRESS_OK -> 0;
            case ADDRESS_FAILED -> 1;
            case DOWNLOAD_FAILED -> 2;
            case NO_RECORDING -> 3;
            case DOWNLOADED -> 4;
        };
    }
}
