package io.vidsift.downloader;

import java.io.IOException;

/**
 * The transfer completed but the file is not a usable video (an HTML error page, a truncated or damaged container,
 * an undecodable end). Worth another attempt from scratch: the partial file is discarded.
 */
public class UnusableVideo extends IOException {

    public UnusableVideo(String message) {
        super(message);
    }
}
