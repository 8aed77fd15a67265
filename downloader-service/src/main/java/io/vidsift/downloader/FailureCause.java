package io.vidsift.downloader;

import java.util.Locale;

/**
 * Why an attempt at a chunk did not produce its outcome, and what that means (the table in the downloader's
 * README). A <em>transient</em> cause leaves the chunk unfinished: it is tried again with backoff until
 * {@code vidsift.downloader.transient-deadline} has passed since its first transient failure, and only then
 * recorded with this cause as {@code last_error}. A transient cause with an {@link Area} is <em>systemic</em>: it
 * is not about this chunk, so it closes that area's {@link OutageGate} (readiness DOWN, one probe per backoff
 * interval) instead of letting every queued chunk fail in turn. A final cause is recorded at once.
 */
public enum FailureCause {
    /** Address or token request: unreachable, timed out, HTTP 5xx, an unreadable answer. */
    API_UNAVAILABLE(true, Area.API),
    /** HTTP 429, or an address code in {@code retryable-codes} (10029). */
    RATE_LIMITED(true, Area.API),
    /** HTTP 401 with a token that was just renewed, or one that cannot be renewed (revoked, not yet valid). */
    UNAUTHORIZED(true, Area.API),
    /** The signed link answered 403/410 also right after a fresh address: this chunk's object, tried again later. */
    LINK_REFUSED(true, null),
    /** Download host unreachable, timed out, HTTP 5xx/429/408, or the body stopped early. */
    DOWNLOAD_UNAVAILABLE(true, Area.DOWNLOAD),
    /** Storage cannot take the file: full, read-only, not writable. */
    STORAGE(true, Area.STORAGE),
    /** Another worker holds the lease on this chunk's file (a redelivery, or two jobs over one window): wait for it. */
    TARGET_BUSY(true, null),
    /** Something this service did not foresee (a bug): never dead-lettered, retried like a transient cause. */
    INTERNAL(true, null),
    /** Complete bodies that are not a video (or not the announced length), {@code max-attempts} times. */
    CORRUPT_BODY(false, null),
    /** Address code 80438027. */
    NO_RECORDING(false, null),
    /** Any other non-zero address code, or an HTTP 4xx answer of the API (other than 401/408/429). */
    API_CODE(false, null),
    /** The download host answered HTTP 4xx other than 403/408/410/429 (404: the object is gone). */
    DOWNLOAD_REFUSED(false, null),
    /**
     * The link, a redirect or an address it resolves to is against the download policies ({@link DownloadUrlPolicy},
     * {@code vidsift.downloader.allowed-download-networks}): the same link is refused the same way again.
     */
    DOWNLOAD_POLICY(false, null);

    /** What a systemic cause stops: requests to one API host, downloads from one host, or writes to storage. */
    public enum Area {
        API, DOWNLOAD, STORAGE
    }

    private final boolean transientCause;
    private final Area area;

    FailureCause(boolean transientCause, Area area) {
        this.transientCause = transientCause;
        this.area = area;
    }

    public boolean isTransient() {
        return transientCause;
    }

    /** Not about this chunk: pause the area until it heals. */
    public boolean systemic() {
        return area != null;
    }

    public Area area() {
        return area;
    }

    /** For metric tags and logs: {@code api_unavailable}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
