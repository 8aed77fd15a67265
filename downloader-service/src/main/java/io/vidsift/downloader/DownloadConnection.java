package io.vidsift.downloader;

import java.io.IOException;
import java.io.InputStream;

/**
 * One answered download request. The methods are named as {@link java.net.HttpURLConnection}'s, which
 * {@link VideoFetcher} used before downloads went through {@link PinnedHttpTransport}, so that code reads the same.
 */
public interface DownloadConnection extends AutoCloseable {

    int getResponseCode();

    /** The last value of a header (case-insensitive name), or null. */
    String getHeaderField(String name);

    /** Content-Length, or -1 when the body has none (chunked, or until the connection closes). */
    long getContentLengthLong();

    InputStream getInputStream() throws IOException;

    /** The body of an error answer (the same stream: there is one body). */
    InputStream getErrorStream();

    void setReadTimeout(int millis);

    void disconnect();

    @Override
    default void close() {
        disconnect();
    }
}
