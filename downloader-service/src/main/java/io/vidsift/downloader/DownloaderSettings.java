package io.vidsift.downloader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** The downloader's own knobs (per instance); everything per job arrives with the chunk. */
public record DownloaderSettings(
        Path storageRoot,
        int parallelism,
        int maxAttempts,
        Duration backoffInitial,
        Duration backoffMax,
        double addressRatePerSecond,
        int perDeviceConcurrency,
        Duration tokenRefreshMargin,
        Set<String> retryableCodes,
        int bufferBytes,
        Duration transientDeadline,
        Duration leaseTtl,
        Duration publishTimeout) {

    public DownloaderSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("vidsift.downloader.max-attempts must be >= 1");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("vidsift.downloader.parallelism must be >= 1");
        }
        if (transientDeadline.isNegative() || leaseTtl.isNegative() || leaseTtl.isZero() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("vidsift.downloader.transient-deadline, lease-ttl and publish-timeout must be positive");
        }
        retryableCodes = Set.copyOf(retryableCodes);
    }
}
