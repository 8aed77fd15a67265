package io.vidsift.downloader;

import java.io.IOException;

/** Opens a download: a GET of a link with an optional Range, redirects handled by the transport's policy. */
@FunctionalInterface
public interface DownloadTransport {

    /**
     * @param rangeFrom the first byte wanted, 0 for the whole file
     * @throws DownloadRefused when the link, a redirect or an address is refused (final for this link)
     * @throws IOException     for transport faults (worth another attempt)
     */
    DownloadConnection open(String url, long rangeFrom, int connectTimeoutMillis, int readTimeoutMillis) throws IOException;
}
