package io.vidsift.downloader;

/**
 * A call to the Hik Cloud API that did not produce an answer to act on. The message is already safe to record:
 * it names the HTTP status or the exception type, never a URL query or a header.
 */
public class ApiFailure extends Exception {

    public enum Kind {
        /** HTTP 401: the token is missing, wrong or expired. */
        UNAUTHORIZED,
        /** Worth retrying: transport errors, timeouts, 5xx, 429, unreadable answers, rate-limit codes. */
        TRANSIENT,
        /** Retrying will not help (4xx other than 401/429). */
        PERMANENT
    }

    private final Kind kind;
    private final boolean rateLimited;

    public ApiFailure(Kind kind, String message) {
        this(kind, message, false);
    }

    private ApiFailure(Kind kind, String message, boolean rateLimited) {
        super(LogRedactor.redact(message), null, false, false);
        this.kind = kind;
        this.rateLimited = rateLimited;
    }

    public Kind kind() {
        return kind;
    }

    /** Where this failure sits in the failure table (README: failure classes). */
    public FailureCause cause() {
        return switch (kind) {
            case UNAUTHORIZED -> FailureCause.UNAUTHORIZED;
            case TRANSIENT -> rateLimited ? FailureCause.RATE_LIMITED : FailureCause.API_UNAVAILABLE;
            case PERMANENT -> FailureCause.API_CODE;
        };
    }

    /** The same failure, its message prefixed (e.g. "token request failed: "). */
    public ApiFailure prefixed(String prefix) {
        return new ApiFailure(kind, prefix + getMessage(), rateLimited);
    }

    public static ApiFailure forStatus(int status, String what) {
        Kind kind = status == 401 ? Kind.UNAUTHORIZED
                : status >= 500 || status == 429 || status == 408 ? Kind.TRANSIENT : Kind.PERMANENT;
        return new ApiFailure(kind, what + ": HTTP " + status, status == 429);
    }

    public static ApiFailure transport(String what, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root instanceof java.net.SocketTimeoutException || root instanceof java.util.concurrent.TimeoutException
                || root.getClass().getSimpleName().contains("Timeout") ? "timed out" : root.getClass().getSimpleName();
        return new ApiFailure(Kind.TRANSIENT, what + ": " + detail);
    }
}
