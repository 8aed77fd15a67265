package io.vidsift.analyzer.frames;

/** Decoding failed before any usable frame was sampled. */
public class DecodeException extends Exception {

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
