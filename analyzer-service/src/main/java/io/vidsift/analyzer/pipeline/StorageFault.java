package io.vidsift.analyzer.pipeline;

import java.io.IOException;

/**
 * An output of a video (its clip rows, per-frame file, thumbnails) could not be written: the storage is full or
 * unwritable. That is a property of the worker's storage at this moment, not of the video, so it is never recorded as
 * the video's result: {@link StorageRetry} backs off and analyses the video again once the storage takes writes.
 */
public final class StorageFault extends RuntimeException {

    private final String reason;

    public StorageFault(String message, IOException cause) {
        super(message + ": " + cause, cause);
        this.reason = cause instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : cause.getMessage() != null && !cause.getMessage().contains("/") ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** The cause without any path (e.g. "No space left on device"), for a record that must not carry host paths. */
    public String reason() {
        return reason;
    }
}
