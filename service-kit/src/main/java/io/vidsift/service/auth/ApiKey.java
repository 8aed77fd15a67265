package io.vidsift.service.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The bearer key an API call must present. Comparison is constant-time in the expected key
 * ({@link MessageDigest#isEqual} runs over the presented bytes whatever they hold), so response timing says
 * nothing about how much of a guess was right. With no key configured nothing is accepted: a service that
 * was deployed without its Secret refuses calls rather than serving them to anyone.
 */
public final class ApiKey {

    private static final String BEARER = "bearer ";

    private final byte[] expected;

    private ApiKey(byte[] expected) {
        this.expected = expected;
    }

    /** A blank or absent key means "none configured": every call is refused. */
    public static ApiKey of(Optional<String> configured) {
        return new ApiKey(configured.map(String::strip).filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null));
    }

    public boolean configured() {
        return expected != null;
    }

    /** Whether an {@code Authorization} header value carries this key as {@code Bearer <key>} (scheme case-insensitive). */
    public boolean accepts(String authorization) {
        if (expected == null || authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expected);
    }
}
