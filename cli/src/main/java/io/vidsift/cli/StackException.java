package io.vidsift.cli;

/** Infrastructure failed: a process did not start, a port did not answer, the broker is unreachable. Exit 3. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
