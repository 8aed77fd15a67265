package io.vidsift.common.messages;

/**
 * The outcome of one chunk, with the seed's manifest fields. {@code downloadUrlHost} is the host only (never the
 * signed query); {@code path} is relative to the storage root; {@code lastError} is sanitized.
 */
public record DownloadRecorded(
        int schema,
        String jobId,
        String chunkId,
        String source,
        CloudWindow window,
        String downloadUrlHost,
        String path,
        DownloadStatus status,
        int retryCount,
        String lastError,
        Long bytes,
        String sha256,
        boolean dryRun,
        String recordedAt) {
}
