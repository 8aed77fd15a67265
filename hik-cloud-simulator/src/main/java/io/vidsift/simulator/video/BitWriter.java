package io.vidsift.simulator.video;

import java.io.ByteArrayOutputStream;

/** MSB-first bit writer for H.264 RBSPs: fixed-width fields and Exp-Golomb codes. */
final class BitWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int used;

    void bit(int value) {
        current = (current << 1) | (value & 1);
        if (++used == 8) {
            out.write(current);
            current = 0;
            used = 0;
        }
    }

    void bits(long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            bit((int) (value >>> i) & 1);
        }
    }

    /** ue(v): unsigned Exp-Golomb. */
    void ue(long value) {
        long codeNum = value + 1;
        int length = 64 - Long.numberOfLeadingZeros(codeNum);
        bits(0, length - 1);
        bits(codeNum, length);
    }

    /** se(v): signed Exp-Golomb, positive values first. */
    void se(long value) {
        ue(value > 0 ? 2 * value - 1 : -2 * value);
    }

    boolean aligned() {
        return used == 0;
    }

    void alignWithZeros() {
        while (used != 0) {
            bit(0);
        }
    }

    void rawByte(int value) {
        if (used != 0) {
            throw new IllegalStateException("raw bytes need byte alignment");
        }
        out.write(value);
    }

    /** rbsp_trailing_bits: a stop bit, then zeros to the byte boundary. */
    void trailingBits() {
        bit(1);
        alignWithZeros();
    }

    byte[] toByteArray() {
        if (used != 0) {
            throw new IllegalStateException("RBSP not byte-aligned");
        }
        return out.toByteArray();
    }
}
