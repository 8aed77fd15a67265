package io.vidsift.downloader;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Rewrites every log record through {@link LogRedactor} before a handler formats it: the message with its
 * parameters filled in, and the messages of the attached exception chain. Enabled on the console and file
 * handlers with {@code quarkus.log.console.filter=vidsift-redact}; it keeps every record, only its text changes.
 */
@LoggingFilter(name = "vidsift-redact")
public final class RedactingLogFilter implements Filter {

    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatter.formatMessage(record);
        String redacted = LogRedactor.redact(formatted);
        if (formatted != null && !formatted.equals(redacted)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(redacted);
            }
            record.setParameters(null);
        }
        if (record.getThrown() != null) {
            record.setThrown(RedactedThrowable.of(record.getThrown()));
        }
        return true;
    }

    /** A stand-in that keeps the type name and stack of the original but only redacted messages. */
    static final class RedactedThrowable extends Throwable {

        private final String type;

        private RedactedThrowable(String type, String message, Throwable cause) {
            super(message, cause, false, true);
            this.type = type;
        }

        static Throwable of(Throwable original) {
            if (original == null) {
                return null;
            }
            Throwable cause = original.getCause() == original ? null : of(original.getCause());
            RedactedThrowable copy = new RedactedThrowable(original.getClass().getName(),
                    LogRedactor.redact(original.getMessage()), cause);
            copy.setStackTrace(original.getStackTrace());
            return copy;
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message == null ? type : type + ": " + message;
        }
    }
}
