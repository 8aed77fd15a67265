package io.vidsift.aggregator.output;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A clip file's row read token by token into a {@link ClipResult}, for rows exactly as {@code MessageCodec} writes
 * them: the fields in the record's order (each name matched against its expected bytes, no name lookup), numbers as
 * numbers, no field twice, none unknown. Anything else (a string for a number, a float for an int, a name it does not
 * know, a null where the record has a primitive) is {@link Unsure}: the caller then reads the file with the codec,
 * whose coercions and errors stay the only rules. Reading a clip file with the codec (a bean deserializer per row) was
 * over a quarter of the results writer's time.
 */
final class ClipRowParser {

    /** The row is not one this parser can be sure to read as the codec would. */
    static final class Unsure extends Exception {
        Unsure(String why) {
            super(why, null, false, false);
        }
    }

    private static final int INDEX = 0;
    private static final int START_OFFSET = 1;
    private static final int END_OFFSET = 2;
    private static final int WALL_START = 3;
    private static final int WALL_END = 4;
    private static final int FRAMES = 5;
    private static final int PARTIAL = 6;
    private static final int ACTIVITY = 7;
    private static final int ACTIVITY_GRID = 8;
    private static final int COUNTS = 9;
    private static final int SCENE_CHANGES = 10;
    private static final int PEAK_OFFSET = 11;
    private static final int PEAK_ACTIVITY = 12;
    private static final int THUMBNAIL = 13;
    /** ClipResult's components in declaration order, snake case: the order MessageCodec writes them in. */
    private static final SerializableString[] NAMES = names("index", "start_offset", "end_offset", "wall_start", "wall_end",
            "frames", "partial", "activity", "activity_grid", "counts", "scene_changes", "peak_offset", "peak_activity", "thumbnail");
    private static final SerializableString MAX = new SerializedString("max");
    private static final SerializableString MEAN = new SerializedString("mean");

    private ClipRowParser() {
    }

    /** The row whose START_OBJECT the parser is on; leaves it on the row's END_OBJECT. */
    static ClipResult row(JsonParser p) throws IOException, Unsure {
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
        int seen = 0;
        int next = 0;
        while (true) {
            int field;
            if (next < NAMES.length && p.nextFieldName(NAMES[next])) {
                field = next;
            } else {
                if (next == NAMES.length) {
                    p.nextToken(); // nextFieldName moved to the next token itself
                }
                if (p.currentToken() == JsonToken.END_OBJECT) {
                    break;
                }
                field = field(p.currentName());
            }
            if ((seen & (1 << field)) != 0) {
                throw new Unsure("field " + NAMES[field] + " twice");
            }
            seen |= 1 << field;
            next = field + 1;
            JsonToken value = p.nextToken();
            switch (field) {
                case INDEX -> index = intValue(p, value);
                case START_OFFSET -> startOffset = doubleValue(p, value);
                case END_OFFSET -> endOffset = doubleValue(p, value);
                case WALL_START -> wallStart = longOrNull(p, value);
                case WALL_END -> wallEnd = longOrNull(p, value);
                case FRAMES -> frames = intValue(p, value);
                case PARTIAL -> partial = booleanValue(value);
                case ACTIVITY -> activity = value == JsonToken.VALUE_NULL ? null : doubleValue(p, value);
                case ACTIVITY_GRID -> grid = grid(p, value);
                case COUNTS -> counts = counts(p, value);
                case SCENE_CHANGES -> sceneChanges = intValue(p, value);
                case PEAK_OFFSET -> peakOffset = value == JsonToken.VALUE_NULL ? null : doubleValue(p, value);
                case PEAK_ACTIVITY -> peakActivity = value == JsonToken.VALUE_NULL ? null : doubleValue(p, value);
                default -> thumbnail = string(p, value);
            }
        }
        return new ClipResult(index, startOffset, endOffset, wallStart, wallEnd, frames, partial, activity, grid, counts,
                sceneChanges, peakOffset, peakActivity, thumbnail);
    }

    private static int field(String name) throws Unsure {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].getValue().equals(name)) {
                return i;
            }
        }
        throw new Unsure("field " + name);
    }

    private static int intValue(JsonParser p, JsonToken value) throws IOException, Unsure {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new Unsure("not an int: " + value);
        }
        return p.getIntValue();
    }

    private static Long longOrNull(JsonParser p, JsonToken value) throws IOException, Unsure {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new Unsure("not a long: " + value);
        }
        return p.getLongValue();
    }

    private static double doubleValue(JsonParser p, JsonToken value) throws IOException, Unsure {
        if (value == JsonToken.VALUE_NUMBER_FLOAT
                || (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER)) {
            return p.getDoubleValue();
        }
        throw new Unsure("not a double: " + value);
    }

    private static boolean booleanValue(JsonToken value) throws Unsure {
        if (value == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (value == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw new Unsure("not a boolean: " + value);
    }

    private static String string(JsonParser p, JsonToken value) throws IOException, Unsure {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new Unsure("not a string: " + value);
        }
        return p.getText();
    }

    private static List<Double> grid(JsonParser p, JsonToken value) throws IOException, Unsure {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new Unsure("not an array: " + value);
        }
        List<Double> grid = new ArrayList<>();
        for (JsonToken cell = p.nextToken(); cell != JsonToken.END_ARRAY; cell = p.nextToken()) {
            grid.add(cell == JsonToken.VALUE_NULL ? null : doubleValue(p, cell));
        }
        return grid;
    }

    private static Map<String, ClassStats> counts(JsonParser p, JsonToken value) throws IOException, Unsure {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new Unsure("not an object: " + value);
        }
        Map<String, ClassStats> counts = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (counts.containsKey(name)) {
                throw new Unsure("class " + name + " twice");
            }
            JsonToken stats = p.nextToken();
            counts.put(name, stats == JsonToken.VALUE_NULL ? null : stats(p, stats));
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new Unsure("counts: " + p.currentToken());
        }
        return counts;
    }

    /** {max, mean} in that order, both there. */
    private static ClassStats stats(JsonParser p, JsonToken value) throws IOException, Unsure {
        if (value != JsonToken.START_OBJECT || !p.nextFieldName(MAX)) {
            throw new Unsure("counts: not {max, mean}");
        }
        int max = intValue(p, p.nextToken());
        if (!p.nextFieldName(MEAN)) {
            throw new Unsure("counts: not {max, mean}");
        }
        double mean = doubleValue(p, p.nextToken());
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw new Unsure("counts: more than {max, mean}");
        }
        return new ClassStats(max, mean);
    }

    private static SerializableString[] names(String... names) {
        SerializableString[] serialized = new SerializableString[names.length];
        for (int i = 0; i < names.length; i++) {
            serialized[i] = new SerializedString(names[i]);
        }
        return serialized;
    }
}
