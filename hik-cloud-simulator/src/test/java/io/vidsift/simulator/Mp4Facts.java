package io.vidsift.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the few MP4 facts the tests check: top-level boxes must tile the file exactly (ftyp first), and from moov
 * the duration (mvhd), sample count (stsz) and sync samples (stss).
 */
record Mp4Facts(String majorBrand, double durationSeconds, int samples, int keyframes) {

    static Mp4Facts of(byte[] file) {
        ByteBuffer buffer = ByteBuffer.wrap(file);
        Map<String, int[]> top = new LinkedHashMap<>();
        int at = 0;
        while (at + 8 <= file.length) {
            long size = buffer.getInt(at) & 0xFFFFFFFFL;
            String type = new String(file, at + 4, 4, StandardCharsets.US_ASCII);
            if (size == 1) {
                size = buffer.getLong(at + 8);
            }
            if (size < 8 || at + size > file.length) {
                throw new IllegalStateException("box " + type + " at " + at + " overruns the file");
            }
            top.put(type, new int[]{at, (int) (at + size)});
            at += (int) size;
        }
        if (at != file.length) {
            throw new IllegalStateException("trailing bytes after the last box");
        }
        if (!"ftyp".equals(top.keySet().iterator().next()) || !top.containsKey("moov")) {
            throw new IllegalStateException("not ftyp...moov: " + top.keySet());
        }
        int[] moov = top.get("moov");
        String brand = new String(file, top.get("ftyp")[0] + 8, 4, StandardCharsets.US_ASCII);
        int mvhd = find(file, moov, "mvhd");
        long timescale = buffer.getInt(mvhd + 16) & 0xFFFFFFFFL;
        long length = buffer.getInt(mvhd + 20) & 0xFFFFFFFFL;
        int samples = buffer.getInt(find(file, moov, "stsz") + 12);
        int keyframes = buffer.getInt(find(file, moov, "stss") + 8);
        return new Mp4Facts(brand, (double) length / timescale, samples, keyframes);
    }

    /** Offset of the type field of the first box with this type inside {@code range}. */
    private static int find(byte[] file, int[] range, String type) {
        byte[] needle = type.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = range[0] + 8; i + 4 <= range[1]; i++) {
            for (int j = 0; j < 4; j++) {
                if (file[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no " + type + " box");
    }
}
