package io.vidsift.downloader.quarkus;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every {@code vidsift.downloader.*} setting in one place (README: configuration); the defaults are in
 * application.yaml, which is also what the deploy checks read. Per-job settings
 * (API base URL, paths, timeouts, dry run) arrive with each chunk instead. Not here: {@code vidsift.storage.root}, the
 * setting every service shares, and the {@code vidsift.hik-cloud.*} keys, which are
 * read where they are checked: token sources by {@link Credentials} (which also looks up the variables they name, and
 * runs before CDI in {@link NoTokenSourceSwitch}), the API allow-list by {@code ApiHosts}.
 */
@ConfigMapping(prefix = "vidsift.downloader")
public interface DownloaderConfig {

    /** Chunks worked on at once by this instance (worker threads; memory per download is one buffer). */
    int parallelism();

    /** Per request kind (address, download, token) within one attempt: the first try plus quick retries. */
    int maxAttempts();

    Duration backoffInitial();

    /** Also the longest wait between two probes of an outage. */
    Duration backoffMax();

    /** How long a chunk may keep meeting transient causes (outage, rate limit, full disk...) before it is final. */
    Duration transientDeadline();

    /** A file lease not renewed for this long belongs to a dead worker and may be taken over. */
    Duration leaseTtl();

    /** Address requests per second from this instance (0 = unlimited). */
    double addressRatePerSecond();

    /** Chunks of one device channel at once (0 = unlimited). */
    int perDeviceConcurrency();

    /** Client-credentials tokens are renewed this long before they expire. */
    Duration tokenRefreshMargin();

    /** Non-zero address codes that mean "try again later" (rate limiting) rather than a failed chunk. */
    List<String> retryableCodes();

    int bufferBytes();

    /** Publishing an outcome is retried, never given up: each try waits this long for the broker's ack. */
    Duration publishTimeout();

    /**
     * Non-public networks downloads may connect to ({@code AddressPolicy}: CIDRs, {@code loopback}, {@code private},
     * {@code link-local}); none by default: public addresses only.
     */
    Optional<List<String>> allowedDownloadNetworks();
}
