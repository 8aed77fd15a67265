package io.vidsift.downloader;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what must never be written down: URL query strings (signed links), Authorization headers, bearer
 * tokens, and token/secret fields in JSON, forms and key=value text. Used by the log filter and for every
 * {@code last_error} the downloader records.
 */
public final class LogRedactor {

    public static final String MASK = "<redacted>";
    static final int MAX_RECORDED = 500;

    private static final Pattern URL_QUERY = Pattern.compile("(?i)(\\bhttps?://[^\\s?#\"'<>]+)\\?[^\\s\"'<>]*");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(authorization[\"']?\\s*[:=]\\s*\\[?\\s*[\"']?)(?:bearer\\s+)?[^\\s\"'\\],;]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i)([\"']?(?:access_token|accesstoken|refresh_token|client_secret|clientsecret|secret|password|token)[\"']?\\s*[:=]\\s*[\"']?)([^\"'&\\s,;}]+)");
    private static final Pattern SIGNED_PARAM = Pattern.compile("(?i)\\b(Signature|OSSAccessKeyId|Expires|X-Amz-Signature|X-Amz-Credential)=[^&\\s\"']+");

    private LogRedactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = URL_QUERY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?" + MASK));
        out = AUTHORIZATION.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        out = BEARER.matcher(out).replaceAll("bearer " + MASK);
        out = SECRET_FIELD.matcher(out).replaceAll(m -> m.group(2).equals(MASK) || m.group(2).startsWith("<")
                ? Matcher.quoteReplacement(m.group(0)) : Matcher.quoteReplacement(m.group(1) + MASK));
        out = SIGNED_PARAM.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=" + MASK));
        return out;
    }

    /**
     * Text fit for a record ({@code last_error}, a dead-letter header): redacted, control characters (a hostile
     * answer's line breaks) replaced by spaces, at most {@value #MAX_RECORDED} characters.
     */
    public static String forRecord(String text) {
        String clean = redact(text);
        if (clean == null) {
            return null;
        }
        clean = clean.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
        return clean.length() <= MAX_RECORDED ? clean : clean.substring(0, MAX_RECORDED) + "...";
    }

    /** The host of a URL, the only part of a signed link that may be recorded. */
    public static String host(String url) {
        try {
            return java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
