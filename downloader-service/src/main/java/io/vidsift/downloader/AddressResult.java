package io.vidsift.downloader;

import io.vidsift.common.messages.DownloadStatus;

/**
 * The outcome of asking for a download address: ADDRESS_OK with the signed URL and actual times,
 * NO_RECORDING, or ADDRESS_FAILED; with the retries it took and the last (sanitized) error.
 */
public record AddressResult(DownloadStatus status, String url, Long actualBegin, Long actualEnd, int retries, String lastError) {

    @Override
    public String toString() {
        return "AddressResult[status=" + status + ", url=" + LogRedactor.redact(url) + ", retries=" + retries
                + ", lastError=" + lastError + "]";
    }
}
