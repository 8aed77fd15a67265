package io.vidsift.aggregator.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.ClipTimes;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.VideoAnalyzed;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
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
 * A job's biggest file by far (60 rows per video), so rows go straight to the file through one streaming generator:
 * no map and no string per row, and the video's own columns (the seven first and {@code model}, last) are encoded
 * once per video with {@link OutputJson#compact} and copied into each of its rows. The bytes are those of writing each
 * row as an ordered map with {@link OutputJson#line} (the generator has the same features), which is how the file
 * was written before and what the tests hold it to.
 */
final class ResultsRows {

    private static final SerializableString CLIP_INDEX = new SerializedString("clip_index");
    private static final SerializableString START_OFFSET = new SerializedString("start_offset");
    private static final SerializableString END_OFFSET = new SerializedString("end_offset");
    private static final SerializableString WALL_START = new SerializedString("wall_start");
    private static final SerializableString WALL_END = new SerializedString("wall_end");
    private static final SerializableString WALL_START_MS = new SerializedString("wall_start_ms");
    private static final SerializableString WALL_END_MS = new SerializedString("wall_end_ms");
    private static final SerializableString FRAMES = new SerializedString("frames");
    private static final SerializableString PARTIAL = new SerializedString("partial");
    private static final SerializableString ACTIVITY = new SerializedString("activity");
    private static final SerializableString ACTIVITY_GRID = new SerializedString("activity_grid");
    private static final SerializableString COUNTS = new SerializedString("counts");
    private static final SerializableString MAX = new SerializedString("max");
    private static final SerializableString MEAN = new SerializedString("mean");

    private final OutputJson json;
    private final JsonGenerator out;
    private final IsoTimes iso;
    private final DoubleTexts doubles;

    private CloudWindow window;
    private String head;
    private String tail;

    ResultsRows(OutputJson json, Writer out, ZoneId zone) throws IOException {
        this.json = json;
        this.out = json.rows(out);
        this.iso = new IsoTimes(zone);
        // The generator's own choices, so that a looked-up text is what it would write (numbers as strings: it quotes).
        this.doubles = this.out.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS) ? null
                : new DoubleTexts(this.out.isEnabled(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER));
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
        // "{...}" less its braces: the row's generator opens and closes the object around them.
        head = first.substring(1, first.length() - 1) + ",";
        tail = "," + last.substring(1, last.length() - 1);
        window = w;
    }

    void row(ClipResult clip) throws IOException {
        out.writeStartObject();
        out.writeRaw(head); // ends in ',', so the generator writes the first field of its own without one
        out.writeFieldName(CLIP_INDEX);
        out.writeNumber(clip.index());
        out.writeFieldName(START_OFFSET);
        repeated(clip.startOffset());
        out.writeFieldName(END_OFFSET);
        repeated(clip.endOffset());
        Long wallStart = ClipTimes.wallStart(window, clip);
        Long wallEnd = ClipTimes.wallEnd(window, clip);
        out.writeFieldName(WALL_START);
        iso(wallStart);
        out.writeFieldName(WALL_END);
        iso(wallEnd);
        out.writeFieldName(WALL_START_MS);
        number(wallStart);
        out.writeFieldName(WALL_END_MS);
        number(wallEnd);
        out.writeFieldName(FRAMES);
        out.writeNumber(clip.frames());
        out.writeFieldName(PARTIAL);
        out.writeBoolean(clip.partial());
        out.writeFieldName(ACTIVITY);
        number(clip.activity());
        out.writeFieldName(ACTIVITY_GRID);
        grid(clip.activityGrid());
        out.writeFieldName(COUNTS);
        counts(clip.counts());
        out.writeRaw(tail);
        out.writeEndObject();
        out.writeRaw('\n');
    }

    /** Hands what the generator holds to the writer (which the caller flushes and closes). */
    void flush() throws IOException {
        out.flush();
    }

    /** Digits, '-', ':', '.', 'T', '+' and 'Z' need no escaping: the text goes in raw, in its quotes. */
    private void iso(Long epochMillis) throws IOException {
        if (epochMillis == null) {
            out.writeNull();
        } else {
            out.writeRawValue(iso.chars(), 0, iso.format(epochMillis));
        }
    }

    /** A double that recurs from row to row (clip offsets, mean counts): its text is looked up, not worked out again. */
    private void repeated(double value) throws IOException {
        String text = doubles == null ? null : doubles.text(value);
        if (text == null) {
            out.writeNumber(value); // NaN and the infinities, quoted as the generator quotes them
        } else {
            out.writeRawValue(text);
        }
    }

    private void number(Long value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else {
            out.writeNumber(value);
        }
    }

    private void number(Double value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else {
            out.writeNumber(value);
        }
    }

    private void grid(List<Double> grid) throws IOException {
        if (grid == null) {
            out.writeNull();
            return;
        }
        out.writeStartArray();
        for (Double cell : grid) {
            number(cell);
        }
        out.writeEndArray();
    }

    /** By class name, as a TreeMap orders them; absent counts are an empty object. */
    private void counts(Map<String, ClassStats> counts) throws IOException {
        out.writeStartObject();
        if (counts != null && counts.size() == 1) {
            Map.Entry<String, ClassStats> only = counts.entrySet().iterator().next();
            count(only.getKey(), only.getValue());
        } else if (counts != null && !counts.isEmpty()) {
            String[] classes = counts.keySet().toArray(new String[0]);
            Arrays.sort(classes);
            for (String name : classes) {
                count(name, counts.get(name));
            }
        }
        out.writeEndObject();
    }

    private void count(String name, ClassStats stats) throws IOException {
        out.writeFieldName(name);
        if (stats == null) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        out.writeFieldName(MAX);
        out.writeNumber(stats.max());
        out.writeFieldName(MEAN);
        repeated(stats.mean());
        out.writeEndObject();
    }
}
