package io.vidsift.downloader;

import java.io.IOException;

/**
 * A download link, redirect or address the policies refuse ({@link DownloadUrlPolicy}, {@link AddressPolicy}).
 * Final for the link: another attempt would be refused the same way. The message is recordable as it is.
 */
public final class DownloadRefused extends IOException {

    public DownloadRefused(String message) {
        super("download refused: " + message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a policy decision, not a fault: no stack to log
    }
}
