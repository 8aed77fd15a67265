package io.vidsift.aggregator.output;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * The JSON text of doubles that recur row after row (clip offsets are multiples of clip_seconds, mean counts are small
 * fractions): Double.toString is the dearest step of writing such a number, and the same few values come back in
 * every video. A small direct-mapped table by the value's bits: a value that is not there is worked out (with
 * Jackson's {@link NumberOutput}, as its generator does) and takes the slot. One instance per file (not thread-safe).
 */
final class DoubleTexts {

    private static final int SLOTS = 512;

    private final boolean fastWriter;
    private final long[] bits = new long[SLOTS];
    private final String[] texts = new String[SLOTS];

    /** @param fastWriter the generator's {@code USE_FAST_DOUBLE_WRITER}, so that the text is the generator's own */
    DoubleTexts(boolean fastWriter) {
        this.fastWriter = fastWriter;
    }

    boolean fastWriter() {
        return fastWriter;
    }

    /** The number as the generator writes it, or null for NaN and the infinities (which the generator quotes). */
    String text(double value) {
        if (!Double.isFinite(value)) {
            return null;
        }
        long key = Double.doubleToRawLongBits(value);
        int slot = (int) (key ^ (key >>> 29) ^ (key >>> 47)) & (SLOTS - 1);
        String text = texts[slot];
        if (text == null || bits[slot] != key) {
            text = NumberOutput.toString(value, fastWriter);
            texts[slot] = text;
            bits[slot] = key;
        }
        return text;
    }
}
