package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.AnalysisStatus;

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
     * or redundant report (the downloader skips chunks it already downloaded). A {@code downloaded} chunk is never
     * overridden by another terminal status either: its video is on storage, and a later failure can only be a
     * stale report from another pod (whose clock may be ahead). Otherwise the later {@code recorded_at} wins, then
     * the higher retry count, then a fixed status order so that two reports with equal times still give one answer.
     * Every rule is a level of one lexicographic order, so the winner of a set of reports never depends on the
     * order they are folded in.
     */
    private static final Comparator<DownloadRecorded> DOWNLOADS = Comparator
            .comparing((DownloadRecorded d) -> d.status().terminal(d.dryRun()) ? 1 : 0)
            .thenComparingInt(d -> d.status() == DownloadStatus.DOWNLOADED ? 1 : 0)
            .thenComparing(d -> EventTimes.instant(d.recordedAt()), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(DownloadRecorded::retryCount)
            .thenComparingInt(d -> downloadRank(d.status()));

    private static final Comparator<AnalysisReport> ANALYSES = Comparator
            .comparing((AnalysisReport v) -> EventTimes.instant(v.analyzedAt()), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(v -> v.status().failed() ? 0 : 1)
            .thenComparingInt(AnalysisReport::clipCount);

    /** What decides between two analyses of one video (the clips themselves are not kept, only their count). */
    public record AnalysisReport(String analyzedAt, AnalysisStatus status, int clipCount) {
    }

    private Latest() {
    }

    /** The report to keep; {@code current} (may be null) stays when the two are equal, so redelivery is a no-op. */
    public static DownloadRecorded download(DownloadRecorded current, DownloadRecorded incoming) {
        if (current == null) {
            return incoming;
        }
        return DOWNLOADS.compare(incoming, current) > 0 ? incoming : current;
    }

    /** Whether {@code incoming} replaces {@code current} (null: nothing kept yet); an equal report does not. */
    public static boolean replaces(AnalysisReport incoming, AnalysisReport current) {
        return current == null || ANALYSES.compare(incoming, current) > 0;
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
