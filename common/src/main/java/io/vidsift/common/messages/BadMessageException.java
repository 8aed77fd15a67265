package io.vidsift.common.messages;

/** A record that cannot be read as its topic's contract: it goes to the dead-letter topic, processing goes on. */
public class BadMessageException extends RuntimeException {

    public BadMessageException(String message) {
        super(message);
    }
}
