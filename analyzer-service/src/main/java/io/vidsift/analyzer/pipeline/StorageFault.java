package io.vidsift.analyzer.pipeline;

import java.io.IOException;

/**
 * An output of a video (its clip rows, per-frame file, thumbnails) could not be written: the storage is full or
 * unwritable. That is a property of the worker's storage at this moment, not of the video, so it is never recorded as
 * the video's result: {@link StorageRetry} backs off and analyses the video again once the storage takes writes.
 */
public final class StorageFault extends RuntimeException {

    public StorageFault(String message, IOException cause) {
        super(message + ": " + cause, cause);
    }
}
