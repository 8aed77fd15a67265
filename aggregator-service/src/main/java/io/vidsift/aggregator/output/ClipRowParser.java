package io.vidsift.aggregator.output;

import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A clip file's rows read straight from its bytes into {@link ClipResult}s, for rows exactly as {@code MessageCodec}
 * writes them: the fields in the record's order (matched byte for byte, a row may end early: fields appended to the
 * record later are absent from older files), no whitespace inside a row, numbers as numbers, ASCII strings without
 * escapes. Anything else (another order, a name it does not know, a string for a number, a float for an int, a null
 * for a primitive, an escape, a byte over 127 in a string, bad JSON) is {@link Unsure}: the caller then reads the file
 * with the codec, whose coercions and errors stay the only rules. Numbers are converted as Jackson converts them
 * ({@link Double#parseDouble}, {@link Long#parseLong}). Reading clip files with the codec (a bean deserializer per
 * row) was over a quarter of the results writer's time; its streaming parser alone still half of what is left.
 */
final class ClipRowParser {

    /** The row is not one this parser can be sure to read as the codec would. */
    static final class Unsure extends Exception {
        Unsure(String why) {
            super(why, null, false, false);
        }
    }

    /** ClipResult's components in declaration order, snake case, each with the '"' before it and the ':' after it. */
    private static final byte[][] NAMES = names("index", "start_offset", "end_offset", "wall_start", "wall_end", "frames",
            "partial", "activity", "activity_grid", "counts", "scene_changes", "peak_offset", "peak_activity", "thumbnail");
    private static final byte[] MAX = "{\"max\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MEAN = ",\"mean\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
            1e14, 1e15};
    /** Jackson refuses longer numbers (StreamReadConstraints); well below that, the codec decides. */
    private static final int LONGEST_NUMBER = 64;

    private final byte[] in;
    private final int end;
    private int at;
    private boolean floating;

    ClipRowParser(byte[] in, int length) {
        this.in = in;
        this.end = length;
    }

    /** The next row, or null when only whitespace is left. */
    ClipResult next() throws Unsure {
        skipWhitespace();
        if (at == end) {
            return null;
        }
        expect('{');
        int index = 0;
        double startOffset = 0;
        double endOffset = 0;
        Long wallStart = null;
        Long wallEnd = null;
        int frames = 0;
        boolean partial = false;
        Double activity = null;
        List<Double> grid = null;
        Map<String, ClassStats> counts = null;
        int sceneChanges = 0;
        Double peakOffset = null;
        Double peakActivity = null;
        String thumbnail = null;
        for (int field = 0; field < NAMES.length && !(at < end && in[at] == '}'); field++) {
            if (field > 0) {
                expect(',');
            }
            match(NAMES[field]);
            switch (field) {
                case 0 -> index = intValue();
                case 1 -> startOffset = doubleValue();
                case 2 -> endOffset = doubleValue();
                case 3 -> wallStart = longOrNull();
                case 4 -> wallEnd = longOrNull();
                case 5 -> frames = intValue();
                case 6 -> partial = booleanValue();
                case 7 -> activity = doubleOrNull();
                case 8 -> grid = grid();
                case 9 -> counts = counts();
                case 10 -> sceneChanges = intValue();
                case 11 -> peakOffset = doubleOrNull();
                case 12 -> peakActivity = doubleOrNull();
                default -> thumbnail = stringOrNull();
            }
        }
        expect('}');
        return new ClipResult(index, startOffset, endOffset, wallStart, wallEnd, frames, partial, activity, grid, counts,
                sceneChanges, peakOffset, peakActivity, thumbnail);
    }

    private int intValue() throws Unsure {
        int from = at;
        number();
        if (floating || at - from > 11) {
            throw new Unsure("not an int");
        }
        long value = integer(from);
        if (value != (int) value) {
            throw new Unsure("not an int");
        }
        return (int) value;
    }

    private Long longOrNull() throws Unsure {
        if (isNull()) {
            return null;
        }
        int from = at;
        number();
        if (floating) {
            throw new Unsure("not a long");
        }
        return integer(from);
    }

    private double doubleValue() throws Unsure {
        int from = at;
        number();
        if (floating) {
            return decimal(from);
        }
        return integer(from); // as Jackson converts an integer: through a long ("-0" is 0.0, not -0.0)
    }

    /**
     * The decimal number() just read from {@code from}. Most are short ("590.0", "0.123456"): with at most 15 digits
     * and no exponent, digits / 10^decimals is one division of two doubles that hold their values exactly, which IEEE
     * rounds correctly, to the double Double.parseDouble gives (the JDK's own fast path); others go to parseDouble.
     */
    private double decimal(int from) {
        boolean negative = in[from] == '-';
        long digits = 0;
        int count = 0;
        int decimals = -1;
        for (int i = negative ? from + 1 : from; i < at; i++) {
            byte c = in[i];
            if (c == '.') {
                decimals = 0;
            } else if (c >= '0' && c <= '9') {
                digits = digits * 10 + (c - '0');
                count++;
                if (decimals >= 0) {
                    decimals++;
                }
            } else {
                return Double.parseDouble(text(from)); // an exponent
            }
        }
        if (count > 15) {
            return Double.parseDouble(text(from));
        }
        double value = decimals > 0 ? digits / POWERS_OF_TEN[decimals] : digits;
        return negative ? -value : value;
    }

    /** The integer number() just read from {@code from}. */
    private long integer(int from) throws Unsure {
        boolean negative = in[from] == '-';
        int first = negative ? from + 1 : from;
        if (at - first > 18) { // may not fit a long: the JDK decides
            try {
                return Long.parseLong(text(from));
            } catch (NumberFormatException e) {
                throw new Unsure("integer past a long");
            }
        }
        long value = 0;
        for (int i = first; i < at; i++) {
            value = value * 10 + (in[i] - '0');
        }
        return negative ? -value : value;
    }

    private Double doubleOrNull() throws Unsure {
        return isNull() ? null : doubleValue();
    }

    private boolean booleanValue() throws Unsure {
        if (at < end && in[at] == 't') {
            match(TRUE);
            return true;
        }
        match(FALSE);
        return false;
    }

    private String stringOrNull() throws Unsure {
        if (isNull()) {
            return null;
        }
        return string();
    }

    /** An ASCII string without escapes or control characters (others are the codec's to read). */
    private String string() throws Unsure {
        expect('"');
        int from = at;
        while (at < end && in[at] != '"') {
            byte c = in[at];
            if (c < 0x20 || c == '\\') { // a negative byte is one of a multi-byte UTF-8 sequence
                throw new Unsure("string with escapes or non-ASCII text");
            }
            at++;
        }
        String text = new String(in, from, at - from, StandardCharsets.ISO_8859_1);
        expect('"');
        return text;
    }

    private List<Double> grid() throws Unsure {
        if (isNull()) {
            return null;
        }
        expect('[');
        List<Double> grid = new ArrayList<>();
        if (at < end && in[at] == ']') {
            at++;
            return grid;
        }
        do {
            grid.add(doubleOrNull());
        } while (comma());
        expect(']');
        return grid;
    }

    private Map<String, ClassStats> counts() throws Unsure {
        if (isNull()) {
            return null;
        }
        expect('{');
        Map<String, ClassStats> counts = new LinkedHashMap<>();
        if (at < end && in[at] == '}') {
            at++;
            return counts;
        }
        do {
            String name = string();
            expect(':');
            if (counts.containsKey(name)) {
                throw new Unsure("class " + name + " twice");
            }
            counts.put(name, stats());
        } while (comma());
        expect('}');
        return counts;
    }

    /** {"max":int,"mean":double} or null. */
    private ClassStats stats() throws Unsure {
        if (isNull()) {
            return null;
        }
        match(MAX);
        int max = intValue();
        match(MEAN);
        double mean = doubleValue();
        expect('}');
        return new ClassStats(max, mean);
    }

    /** A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; {@code floating} says whether it had . or e. */
    private void number() throws Unsure {
        int from = at;
        floating = false;
        if (at < end && in[at] == '-') {
            at++;
        }
        if (at < end && in[at] == '0') {
            at++;
        } else if (digits() == 0) {
            throw new Unsure("not a number");
        }
        if (at < end && in[at] == '.') {
            at++;
            floating = true;
            if (digits() == 0) {
                throw new Unsure("not a number");
            }
        }
        if (at < end && (in[at] == 'e' || in[at] == 'E')) {
            at++;
            floating = true;
            if (at < end && (in[at] == '+' || in[at] == '-')) {
                at++;
            }
            if (digits() == 0) {
                throw new Unsure("not a number");
            }
        }
        if (at - from > LONGEST_NUMBER || (at < end && in[at] >= '0' && in[at] <= '9')) {
            throw new Unsure("number"); // too long, or a leading zero before more digits
        }
    }

    private int digits() {
        int from = at;
        while (at < end && in[at] >= '0' && in[at] <= '9') {
            at++;
        }
        return at - from;
    }

    private String text(int from) {
        return new String(in, from, at - from, StandardCharsets.ISO_8859_1);
    }

    private boolean isNull() throws Unsure {
        if (at < end && in[at] == 'n') {
            match(NULL);
            return true;
        }
        return false;
    }

    private boolean comma() {
        if (at < end && in[at] == ',') {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws Unsure {
        if (at >= end || in[at] != c) {
            throw new Unsure("expected " + c);
        }
        at++;
    }

    private void match(byte[] expected) throws Unsure {
        if (end - at < expected.length) {
            throw new Unsure("end of input");
        }
        for (int i = 0; i < expected.length; i++) {
            if (in[at + i] != expected[i]) {
                throw new Unsure("expected " + new String(expected, StandardCharsets.US_ASCII));
            }
        }
        at += expected.length;
    }

    private void skipWhitespace() {
        while (at < end && (in[at] == ' ' || in[at] == '\n' || in[at] == '\r' || in[at] == '\t')) {
            at++;
        }
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = ("\"" + names[i] + "\":").getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
