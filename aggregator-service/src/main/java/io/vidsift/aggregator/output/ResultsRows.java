package io.vidsift.aggregator.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.ClipTimes;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.VideoAnalyzed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.jsonl}: one row per clip, in video order then clip order, columns {@code video_id, chunk_id, source,
 * device_serial, channel_no, device_name, path, clip_index, start_offset, end_offset, wall_start, wall_end,
 * wall_start_ms, wall_end_ms, frames, partial, activity, activity_grid, counts, model}. {@code wall_start}/
 * {@code wall_end} are ISO-8601 in the job's timezone with its offset ({@link IsoTimes}), {@code wall_start_ms}/
 * {@code wall_end_ms} the same instants in epoch milliseconds; both are null for local videos, which have no wall
 * clock. {@code counts} are sorted by class.
 * <p>
 * A job's biggest file by far (60 rows per video), so its rows are put together as UTF-8 bytes in a buffer that goes
 * to the file in 64 KiB writes: no map, no string and no generator call per value, no char-to-byte encoding. Every
 * text that may need escaping is encoded by {@link OutputJson#compact} (Jackson) once: the video's own columns (the
 * seven first and {@code model}, last) once per video, a class name once per file; numbers are written with Jackson's
 * {@link NumberOutput}, as its generator writes them. The bytes are those of writing each row as an ordered map with
 * {@link OutputJson#line} through a UTF-8 writer, which is how the file was written before and what the tests hold
 * it to (text that is not valid UTF-16 becomes '?' both ways).
 */
final class ResultsRows {

    private static final byte[] CLIP_INDEX = ascii("\"clip_index\":");
    private static final byte[] START_OFFSET = ascii(",\"start_offset\":");
    private static final byte[] END_OFFSET = ascii(",\"end_offset\":");
    private static final byte[] WALL_START = ascii(",\"wall_start\":");
    private static final byte[] WALL_END = ascii(",\"wall_end\":");
    private static final byte[] WALL_START_MS = ascii(",\"wall_start_ms\":");
    private static final byte[] WALL_END_MS = ascii(",\"wall_end_ms\":");
    private static final byte[] FRAMES = ascii(",\"frames\":");
    private static final byte[] PARTIAL = ascii(",\"partial\":");
    private static final byte[] ACTIVITY = ascii(",\"activity\":");
    private static final byte[] ACTIVITY_GRID = ascii(",\"activity_grid\":");
    private static final byte[] COUNTS = ascii(",\"counts\":{");
    private static final byte[] MAX = ascii("{\"max\":");
    private static final byte[] MEAN = ascii(",\"mean\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    /** Class names are few (a detector's classes); a file with more encodes the rest each time. */
    private static final int CLASS_NAMES = 4096;

    private final OutputJson json;
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int used;
    private final IsoTimes iso;
    private final DoubleTexts doubles;
    private final boolean quoteNonNumeric;
    private final Map<String, byte[]> classNames = new HashMap<>();

    private CloudWindow window;
    private byte[] head;
    private byte[] tail;

    /** @throws IllegalStateException when the JSON writes numbers as strings (rows here write them as numbers) */
    ResultsRows(OutputJson json, OutputStream out, ZoneId zone) {
        if (json.generates(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS)) {
            throw new IllegalStateException("results rows write numbers as numbers, as OutputJson did when they were written");
        }
        this.json = json;
        this.out = out;
        this.iso = new IsoTimes(zone);
        this.doubles = new DoubleTexts(json.generates(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER));
        this.quoteNonNumeric = json.generates(JsonGenerator.Feature.QUOTE_NON_NUMERIC_NUMBERS);
    }

    /** The video whose clips the next rows are. */
    void video(VideoAnalyzed video) {
        CloudWindow w = video.window();
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("video_id", video.videoId());
        columns.put("chunk_id", video.chunkId());
        columns.put("source", video.source());
        columns.put("device_serial", w == null ? null : w.deviceSerial());
        columns.put("channel_no", w == null ? null : w.channelNo());
        columns.put("device_name", w == null ? null : w.deviceName());
        columns.put("path", video.path());
        String first = json.compact(columns);
        String last = json.compact(Collections.singletonMap("model", video.model()));
        // {"video_id":...,"path":"..."} less its closing brace, then a comma; ,"model":...} from the second.
        head = utf8(first.substring(0, first.length() - 1) + ",");
        tail = utf8("," + last.substring(1) + "\n");
        window = w;
    }

    void row(ClipResult clip) throws IOException {
        put(head);
        put(CLIP_INDEX);
        room(11);
        used = NumberOutput.outputInt(clip.index(), buffer, used);
        put(START_OFFSET);
        number(doubles.text(clip.startOffset()), clip.startOffset());
        put(END_OFFSET);
        number(doubles.text(clip.endOffset()), clip.endOffset());
        Long wallStart = ClipTimes.wallStart(window, clip);
        Long wallEnd = ClipTimes.wallEnd(window, clip);
        put(WALL_START);
        iso(wallStart);
        put(WALL_END);
        iso(wallEnd);
        put(WALL_START_MS);
        number(wallStart);
        put(WALL_END_MS);
        number(wallEnd);
        put(FRAMES);
        room(11);
        used = NumberOutput.outputInt(clip.frames(), buffer, used);
        put(PARTIAL);
        put(clip.partial() ? TRUE : FALSE);
        put(ACTIVITY);
        number(clip.activity());
        put(ACTIVITY_GRID);
        grid(clip.activityGrid());
        put(COUNTS);
        counts(clip.counts());
        put(tail);
    }

    /** Writes what the buffer holds to the stream (which the caller flushes and closes). */
    void flush() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    private void iso(Long epochMillis) throws IOException {
        if (epochMillis == null) {
            put(NULL);
            return;
        }
        int length = iso.format(epochMillis);
        room(length);
        char[] text = iso.chars(); // quoted ASCII: digits, '-', ':', '.', 'T', '+', 'Z'
        for (int i = 0; i < length; i++) {
            buffer[used++] = (byte) text[i];
        }
    }

    private void number(Long value) throws IOException {
        if (value == null) {
            put(NULL);
        } else {
            room(20);
            used = NumberOutput.outputLong(value, buffer, used);
        }
    }

    private void number(Double value) throws IOException {
        if (value == null) {
            put(NULL);
        } else {
            double v = value;
            number(Double.isFinite(v) ? NumberOutput.toString(v, doubles.fastWriter()) : null, v);
        }
    }

    /** {@code text}: the finite number's text; null for NaN and the infinities, which the generator quotes. */
    private void number(String text, double value) throws IOException {
        boolean quoted = text == null && quoteNonNumeric;
        String written = text == null ? NumberOutput.toString(value, doubles.fastWriter()) : text;
        room(written.length() + 2);
        if (quoted) {
            buffer[used++] = '"';
        }
        for (int i = 0; i < written.length(); i++) {
            buffer[used++] = (byte) written.charAt(i);
        }
        if (quoted) {
            buffer[used++] = '"';
        }
    }

    private void grid(List<Double> grid) throws IOException {
        if (grid == null) {
            put(NULL);
            return;
        }
        room(1);
        buffer[used++] = '[';
        for (int i = 0; i < grid.size(); i++) {
            if (i > 0) {
                room(1);
                buffer[used++] = ',';
            }
            number(grid.get(i));
        }
        room(1);
        buffer[used++] = ']';
    }

    /** By class name, as a TreeMap orders them; absent counts are an empty object. */
    private void counts(Map<String, ClassStats> counts) throws IOException {
        if (counts != null && counts.size() == 1) {
            Map.Entry<String, ClassStats> only = counts.entrySet().iterator().next();
            count(only.getKey(), only.getValue());
        } else if (counts != null && !counts.isEmpty()) {
            String[] classes = counts.keySet().toArray(new String[0]);
            Arrays.sort(classes);
            for (int i = 0; i < classes.length; i++) {
                if (i > 0) {
                    room(1);
                    buffer[used++] = ',';
                }
                count(classes[i], counts.get(classes[i]));
            }
        }
        room(1);
        buffer[used++] = '}';
    }

    private void count(String name, ClassStats stats) throws IOException {
        put(className(name));
        if (stats == null) {
            put(NULL);
            return;
        }
        put(MAX);
        room(11);
        used = NumberOutput.outputInt(stats.max(), buffer, used);
        put(MEAN);
        number(doubles.text(stats.mean()), stats.mean());
        room(1);
        buffer[used++] = '}';
    }

    /** {@code "name":} as Jackson escapes the name. */
    private byte[] className(String name) {
        byte[] encoded = classNames.get(name);
        if (encoded == null) {
            encoded = utf8(json.compact(name) + ":");
            if (classNames.size() < CLASS_NAMES) {
                classNames.put(name, encoded);
            }
        }
        return encoded;
    }

    private void put(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length - used) {
            flush();
            if (bytes.length > buffer.length) {
                out.write(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
    }

    /** Makes room for {@code bytes} more (at most the buffer's size). */
    private void room(int bytes) throws IOException {
        if (bytes > buffer.length - used) {
            flush();
        }
    }

    /** What a UTF-8 writer makes of the text ('?' for what is not valid UTF-16, as OutputStreamWriter does). */
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
