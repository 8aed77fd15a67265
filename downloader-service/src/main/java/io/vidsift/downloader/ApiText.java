package io.vidsift.downloader;

import java.util.regex.Pattern;

/**
 * Text the API chose (an address answer's {@code msg}) made fit for {@code last_error}: a hostile or compromised
 * API may echo back the token it was sent, bare, where no redaction pattern recognises it. So the token just used
 * is masked by value, and so is any long unbroken run of token-like characters (API messages are sentences; tokens,
 * secrets and signatures are long opaque runs); then the usual redaction, one line, bounded.
 */
final class ApiText {

    static final int MAX_LENGTH = 200;
    /** Real tokens and secrets are 32+ characters; 20 keeps error codes and words, catches opaque values. */
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9._~+/=-]{20,}");

    private ApiText() {
    }

    static String recordable(String text, Secret token) {
        if (text == null) {
            return null;
        }
        String out = token == null || token.value().isEmpty() ? text : text.replace(token.value(), LogRedactor.MASK);
        out = OPAQUE.matcher(out).replaceAll(LogRedactor.MASK);
        out = LogRedactor.forRecord(out);
        return out.length() <= MAX_LENGTH ? out : out.substring(0, MAX_LENGTH) + "...";
    }
}
