package io.vidsift.simulator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Object-store style signed links: {@code path?Expires=<epoch>&OSSAccessKeyId=...&Signature=<hmac>}. The key is
 * random per simulator, so a link from one run never works in another.
 */
public final class UrlSigner {

    public static final String ACCESS_KEY_ID = "vidsift-sim";

    private final byte[] key = new byte[32];

    public UrlSigner() {
        new SecureRandom().nextBytes(key);
    }

    public String query(String path, long expires) {
        return "Expires=" + expires + "&OSSAccessKeyId=" + ACCESS_KEY_ID + "&Signature=" + signature(path, expires);
    }

    public boolean verify(String path, String expires, String signature) {
        if (expires == null || signature == null) {
            return false;
        }
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        return MessageDigest.isEqual(signature(path, at).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String path, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        }
    }
}
