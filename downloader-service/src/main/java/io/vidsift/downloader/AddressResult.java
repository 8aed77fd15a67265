package io.vidsift.downloader;

import io.vidsift.common.messages.DownloadStatus;

/**
 * The outcome of asking for a download address: ADDRESS_OK with the signed URL and actual times,
 * NO_RECORDING, or ADDRESS_FAILED; with the retries it took, the last (sanitized) error and, when it failed, the
 * {@link FailureCause} (a transient one means "not now", not a final failure).
 */
public record AddressResult(DownloadStatus status, String url, Long actualBegin, Long actualEnd, int retries, String lastError,
                            FailureCause cause) {

    /** The API answered (an address, no recording, or a refusal about this chunk): the API is working. */
    public boolean apiAnswered() {
        return cause == null || !cause.isTransient();
    }

    @Override
    public String toString() {
        return "AddressResult[status=" + status + ", url=" + LogRedactor.redact(url) + ", retries=" + retries
                + ", lastError=" + lastError + "]";
    }
}
