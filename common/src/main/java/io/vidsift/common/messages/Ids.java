package io.vidsift.common.messages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Stable ids: the same inputs always give the same id, so consumers can be idempotent on them. */
public final class Ids {

    private Ids() {
    }

    public static String newJobId() {
        return "job-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }

    public static String chunkId(String jobId, String deviceSerial, int channelNo, long begin, long end) {
        return "c-" + hash(jobId + "|" + deviceSerial + "|" + channelNo + "|" + begin + "|" + end);
    }

    /** A video is identified within its job by its path relative to the storage root. */
    public static String videoId(String jobId, String relativePath) {
        return "v-" + hash(jobId + "|" + relativePath);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
