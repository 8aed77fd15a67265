package io.vidsift.downloader;

/**
 * What leaves a consumer when a record cannot be handled: the dead-letter strategy copies the exception's message
 * (and its cause's) into the {@code dead-letter-reason}/{@code dead-letter-cause} headers, kept as long as the
 * DLQ topic, and the log prints both. Only the redacted, bounded message of the original goes on ({@link
 * LogRedactor#forRecord}), with its type named and no cause: a parser's message may quote the whole record,
 * {@code URI.create} the whole signed link.
 */
public final class SanitizedException extends RuntimeException {

    private SanitizedException(String message, StackTraceElement[] stack) {
        super(message, null, false, true);
        setStackTrace(stack);
    }

    public static SanitizedException of(Throwable original) {
        if (original instanceof SanitizedException already) {
            return already;
        }
        String message = LogRedactor.forRecord(original.getMessage());
        String type = original.getClass().getSimpleName();
        return new SanitizedException(message == null || message.isEmpty() ? type : type + ": " + message, original.getStackTrace());
    }
}
