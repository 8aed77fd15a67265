package io.vidsift.downloader;

import io.vidsift.common.messages.DownloadStatus;

import java.time.Duration;

/**
 * What the downloader counts, as the domain sees it; the shell records it as Micrometer meters
 * ({@code MicrometerDownloaderMetrics}, names in service-kit's MetricNames).
 */
public interface DownloaderMetrics {

    /** A chunk's record was published with this status. */
    void chunk(DownloadStatus status);

    /** Bytes reached storage (broken, later resumed attempts included). */
    void written(long bytes);

    /** One chunk downloaded, address request to file on storage. */
    void downloaded(Duration took);

    /** An attempt ended on a transient cause (the chunk is not final). */
    void setback(FailureCause cause);

    /** Counts nothing: plain tests and tools. */
    static DownloaderMetrics none() {
        return new DownloaderMetrics() {
            @Override
            public void chunk(DownloadStatus status) {
            }

            @Override
            public void written(long bytes) {
            }

            @Override
            public void downloaded(Duration took) {
            }

            @Override
            public void setback(FailureCause cause) {
            }
        };
    }
}
