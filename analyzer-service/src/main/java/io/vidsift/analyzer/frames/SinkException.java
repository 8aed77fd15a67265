package io.vidsift.analyzer.frames;

/** The frame sink failed (inference, writing a frame): not a decoding problem. */
public class SinkException extends Exception {

    public SinkException(Throwable cause) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
    }
}
