package io.vidsift.downloader;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoReady;

import java.time.Clock;
import java.util.Optional;

/** Builds what is published for a chunk: its DownloadRecorded and, for a file on storage, its VideoReady. */
final class ChunkRecords {

    static final String SOURCE = "hik_cloud";

    private final Clock clock;

    ChunkRecords(Clock clock) {
        this.clock = clock;
    }

    /**
     * An outcome without a file: every status but downloaded. {@code lastError} is sanitized here, as for every
     * record ({@link LogRedactor#forRecord}: redacted, one line, bounded).
     */
    ChunkOutcome withoutFile(ChunkRequested chunk, CloudWindow window, DownloadStatus status, String host, int retries, String lastError) {
        return new ChunkOutcome(new DownloadRecorded(Schema.VERSION, chunk.jobId(), chunk.chunkId(), SOURCE, window, host,
                null, status, retries, LogRedactor.forRecord(lastError), null, null, chunk.dryRun(), now(), null), Optional.empty(), false);
    }

    DownloadRecorded downloaded(ChunkRequested chunk, CloudWindow window, String host, String path, int retries, String lastError,
                                long bytes, String sha256, String container) {
        return new DownloadRecorded(Schema.VERSION, chunk.jobId(), chunk.chunkId(), SOURCE, window, host, path,
                DownloadStatus.DOWNLOADED, retries, LogRedactor.forRecord(lastError), bytes, sha256, false, now(), container);
    }

    ChunkOutcome withFile(ChunkRequested chunk, DownloadRecorded record, boolean skipped) {
        return new ChunkOutcome(record, Optional.of(video(chunk, record)), skipped);
    }

    /**
     * A chunk whose file is already on storage: the stored record again, verbatim when it is the same chunk (a
     * redelivery), else with this job's ids and retry_count 0.
     */
    ChunkOutcome skipped(ChunkRequested chunk, DownloadRecorded done) {
        DownloadRecorded record = done.chunkId().equals(chunk.chunkId()) && done.jobId().equals(chunk.jobId())
                ? done
                : new DownloadRecorded(Schema.VERSION, chunk.jobId(), chunk.chunkId(), SOURCE, done.window(),
                done.downloadUrlHost(), done.path(), DownloadStatus.DOWNLOADED, 0, null, done.bytes(), done.sha256(), false, now(),
                done.container());
        return withFile(chunk, record, true);
    }

    private static VideoReady video(ChunkRequested chunk, DownloadRecorded record) {
        return new VideoReady(Schema.VERSION, chunk.jobId(), Ids.videoId(chunk.jobId(), record.path()), VideoReady.SOURCE_HIK_CLOUD,
                chunk.chunkId(), record.window(), record.path(), record.bytes(), record.sha256(), chunk.outputDir(), chunk.analysis());
    }

    private String now() {
        return clock.instant().toString();
    }
}
