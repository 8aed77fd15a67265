package io.vidsift.common.messages;

/**
 * The outcome of one chunk, with the seed's manifest fields. {@code downloadUrlHost} is the host only (never the
 * signed query); {@code path} is relative to the storage root; {@code lastError} is sanitized.
 * <p>
 * Appended: {@code container} is what the download host sent ({@code mp4}, {@code fmp4}, {@code mpeg-ts},
 * {@code mpeg-ps}, {@code imkh-ps}; null when nothing was downloaded). MPEG-TS/PS/IMKH are stored remuxed, without
 * re-encoding, as a faststart MP4 at {@code path}; {@code bytes} and {@code sha256} describe the stored file.
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
        String recordedAt,
        String container) {
}
