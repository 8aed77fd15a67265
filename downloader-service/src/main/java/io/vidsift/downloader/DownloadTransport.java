package io.vidsift.downloader;

import java.io.IOException;

/**
 * Opens a download: a GET of a link with an optional Range (and If-Range, so that a resumed body comes from the same
 * version of the object), redirects handled by the transport's policy. The answer's validators (ETag,
 * Last-Modified) are read from {@link DownloadConnection#getHeaderField}.
 */
@FunctionalInterface
public interface DownloadTransport {

    /**
     * @param rangeFrom the first byte wanted, 0 for the whole file
     * @param ifRange   the validator of the bytes already held (a strong ETag or a Last-Modified date), sent as
     *                  {@code If-Range} with the Range; null for none (only meaningful when {@code rangeFrom > 0})
     * @throws DownloadRefused when the link, a redirect or an address is refused (final for this link)
     * @throws IOException     for transport faults (worth another attempt)
     */
    DownloadConnection open(String url, long rangeFrom, String ifRange, int connectTimeoutMillis, int readTimeoutMillis)
            throws IOException;
}
