package io.vidsift.simulator;

import java.util.Locale;

/** What a fault does; the README lists which targets each applies to. */
public enum FaultKind {
    /** HTTP {@code status} (default 503) with a short body. */
    HTTP_5XX,
    /** Answers normally after {@code delay_ms}; a download body is also paced out over that time. */
    SLOW,
    /** Token/address: never answers. Download: sends the headers and half the body, then stalls. */
    HANG,
    /** Download: announces the full length, sends half, closes the connection. */
    TRUNCATED_BODY,
    /** HTTP 200 with a body that is not JSON. */
    MALFORMED_JSON,
    /** Address: code {@code code} (default 10029, "api rate limit exceeded"); token: HTTP 429. */
    RATE_LIMIT,
    /** Address: any other non-zero {@code code} with {@code message}. */
    ERROR_CODE,
    /** Address: HTTP 401 and the presented token is revoked, as when a token is withdrawn early. */
    UNAUTHORIZED,
    /** Address: the signed URL it returns has already expired (the download gets 403). */
    EXPIRED_URL,
    /** Address: the file behind the URL has irregular timestamps. */
    IRREGULAR_TIMESTAMPS;

    public static FaultKind parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
