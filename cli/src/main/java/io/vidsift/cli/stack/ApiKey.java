package io.vidsift.cli.stack;

import java.security.SecureRandom;
import java.util.Base64;

/** The bearer key of one embedded stack: 256 random bits, URL-safe; it lives only in stack.json and the children's env. */
final class ApiKey {

    private ApiKey() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
