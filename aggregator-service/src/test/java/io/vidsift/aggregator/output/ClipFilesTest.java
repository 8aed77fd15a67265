package io.vidsift.aggregator.output;

import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.ClipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ClipFiles} reads clip files with {@link ClipRowParser} and falls back to the codec ({@link ClipFile#read}):
 * whatever a file holds, the rows given and the error thrown are the codec's. Rows the analyzer writes are read by the
 * parser itself, every one of them.
 */
class ClipFilesTest {

    private static final MessageCodec CODEC = new MessageCodec();

    @TempDir
    Path storage;

    @Test
    void rowsAsTheCodecWritesThemAreReadByTheParserAsTheCodecReadsThem() throws IOException {
        Random random = new Random(7);
        List<ClipResult> clips = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            clips.add(randomClip(random, i, i % 2 == 0));
        }
        Path file = storage.resolve("a/v.clips.jsonl");
        new ClipFile(CODEC).write(file, clips);

        List<ClipResult> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            ClipRowParser rows = new ClipRowParser(bytes, bytes.length);
            try {
                parsed.add(rows.next());
                assertThat(rows.next()).isNull();
            } catch (ClipRowParser.Unsure e) {
                // NaN and the infinities are written as strings, names with escapes or non-ASCII text: the codec's to read.
                assertThat(parsed.size() % 2).as("a row as the analyzer writes it: " + line).isOne();
                assertThat(line).as(e.getMessage()).containsAnyOf("\"NaN\"", "Infinity\"", "\\", "前");
                parsed.add(clips.get(parsed.size()));
            }
        }
        assertThat(parsed).isEqualTo(clips);
        assertThat(read("a/v.clips.jsonl")).isEqualTo(codecRead(file)).isEqualTo(clips);
    }

    @Test
    void decimalsAreTheDoublesTheJdkParses() throws ClipRowParser.Unsure {
        Random random = new Random(11);
        StringBuilder rows = new StringBuilder();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder number = new StringBuilder(random.nextInt(4) == 0 ? "-" : "");
            int digits = 1 + random.nextInt(18);
            int point = 1 + random.nextInt(digits);
            for (int d = 0; d < digits; d++) {
                if (d == point) {
                    number.append('.');
                }
                number.append(d == 0 && point > 1 ? (char) ('1' + random.nextInt(9)) : (char) ('0' + random.nextInt(10)));
            }
            if (point == digits) {
                number.append(".").append(random.nextInt(10));
            }
            if (random.nextInt(10) == 0) {
                number.append(random.nextBoolean() ? "E" : "e").append(random.nextInt(600) - 300);
            }
            String text = i % 3 == 0 ? Double.toString(Math.round(random.nextDouble() * 1e6) / 1e6) : number.toString();
            texts.add(text);
            rows.append("{\"index\":").append(i).append(",\"start_offset\":").append(text).append("}\n");
        }
        byte[] bytes = rows.toString().getBytes(StandardCharsets.US_ASCII);
        ClipRowParser parser = new ClipRowParser(bytes, bytes.length);
        for (String text : texts) {
            double parsed = parser.next().startOffset();
            if (Double.doubleToRawLongBits(parsed) != Double.doubleToRawLongBits(Double.parseDouble(text))) {
                assertThat(parsed).as(text).isEqualTo(Double.parseDouble(text));
            }
        }
        assertThat(parser.next()).isNull();
    }

    @Test
    void rowsTheParserIsNotSureOfGiveWhatTheCodecGives() throws IOException {
        String good = CODEC.write(new ClipResult(0, 0, 10, 1000L, 11000L, 10, false, 0.5, List.of(0.1, 0.2),
                Map.of("person", new ClassStats(2, 0.25)), 1, 3.0, 0.9, "t/0.jpg"));
        List<String> rows = List.of(
                "{\"start_offset\":1,\"index\":2,\"frames\":3}",                         // another order, fields absent
                "{}",
                "{\"index\":\"4\",\"start_offset\":\"1.5\"}",                              // strings for numbers
                "{\"index\":4.0,\"frames\":7.9}",                                         // floats for ints
                "{\"index\":null,\"partial\":null,\"start_offset\":null}",                  // nulls for primitives
                "{\"index\":1,\"index\":2}",                                               // a field twice
                "{\"index\":1,\"unknown\":{\"a\":[1,2]},\"frames\":2}",                     // unknown fields
                "{\"index\":1,\"startOffset\":5.0,\"wallStart\":7}",                        // camel case
                "{\"index\":1,\"activity\":\"NaN\",\"peak_offset\":\"-Infinity\",\"activity_grid\":[\"Infinity\",null]}",
                "{\"index\":1,\"counts\":{\"car\":{\"mean\":0.5,\"max\":1},\"dog\":null,\"cat\":{\"max\":1}}}",
                "{\"index\":1,\"counts\":{\"car\":{\"max\":1,\"mean\":0.5,\"extra\":1}}}",
                "{\"index\":1,\"counts\":{\"car\":{\"max\":1,\"mean\":0.5},\"car\":{\"max\":2,\"mean\":1.5}}}",
                "{\"index\":1,\"wall_start\":12345678901234567890123}",
                "{\"index\":1,\"wall_start\":1.5E3,\"wall_end\":\"77\"}",
                "{\"index\":1,\"partial\":\"true\",\"thumbnail\":5}",
                "{\"index\":1,\"activity_grid\":5}",
                "{\"index\":3000000000}",
                "{\"index\":1,\"start_offset\":1e400}",
                "[" + good + "," + good + "]",
                "",
                "  " + good + "   " + good,
                good + "\r",
                "null",
                "{\"index\": 1}", "{\"index\":1 }", "{\t\"index\":1}", "\uFEFF" + good,                  // whitespace, a BOM
                "{\"index\":-0,\"start_offset\":-0,\"end_offset\":0.0e0,\"wall_start\":-1}",
                "{\"index\":1,\"start_offset\":1E5,\"end_offset\":1e+2,\"wall_start\":-9223372036854775808}",
                "{\"index\":1,\"wall_start\":9223372036854775808}",
                "{\"index\":1,\"start_offset\":9007199254740993,\"end_offset\":-1e-400,\"activity\":12345678901234567890}",
                "{\"index\":1,\"start_offset\":-9223372036854775808,\"end_offset\":2.5E-324,\"activity\":-0.0}",
                "{\"index\":01}", "{\"index\":-}", "{\"index\":1,\"start_offset\":1.}", "{\"index\":1,\"start_offset\":.5}",
                "{\"index\":+1}", "{\"index\":-2147483648,\"frames\":2147483648}",
                "{\"index\":1,\"partial\":tru}", "{\"index\":1,\"activity\":nul}", "{\"index\":1,}",
                "{\"index\":1,\"thumbnail\":\"a\\u0041\"}", "{\"index\":1,\"thumbnail\":\"\u00e9\"}",
                "{\"index\":1,\"activity_grid\":[],\"counts\":{}}", "{\"index\":1,\"activity_grid\":[1,],\"counts\":{,}}");
        for (int bad = 0; bad < rows.size(); bad++) {
            // Good rows before it (read by the parser) and after it (read by the codec past those already given).
            String content = good + "\n" + good + "\n" + rows.get(bad) + "\n" + good + "\n";
            assertSameAsTheCodec("row " + bad + ": " + rows.get(bad), content);
        }
    }

    @Test
    void aBadRowIsTheCodecsErrorNamingTheFileAndLineAfterTheRowsBeforeIt() throws IOException {
        String good = CODEC.write(new ClipResult(0, 0, 10, 1000L, 11000L, 10, false, 0.5, null, Map.of(), 0, null, null, null));
        for (String bad : List.of("{\"index\":1,", "{\"index\":tru}", "{\"index\":[}", "garbage", "{\"counts\":{\"a\":{\"max\":\"x\"}}}",
                "{\"index\":1}}")) {
            assertSameAsTheCodec(bad, good + "\n" + good + "\n" + bad + "\n" + good + "\n");
        }
        Path file = Files.writeString(storage.resolve("bad.clips.jsonl"), good + "\n{\"index\":tru}\n" + good + "\n");
        List<ClipResult> given = new ArrayList<>();
        assertThatThrownBy(() -> new ClipFiles(storage, CODEC).read("bad.clips.jsonl", given::add))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read clip rows from " + file)
                .hasMessageContaining("Unrecognized token 'tru'")
                .hasMessageContaining("line: 2, column: 10");
        assertThat(given).hasSize(1);
    }

    @Test
    void whatTheConsumerThrowsIsReportedAsTheCodecReportsIt() throws IOException {
        List<ClipResult> clips = List.of(new ClipResult(0, 0, 10, null, null, 10, false, null, null, null, 0, null, null, null),
                new ClipResult(1, 10, 20, null, null, 10, false, null, null, null, 0, null, null, null));
        Path file = storage.resolve("v.clips.jsonl");
        new ClipFile(CODEC).write(file, clips);
        List<ClipResult> given = new ArrayList<>();
        Throwable parsed = catchThrown(() -> new ClipFiles(storage, CODEC).read("v.clips.jsonl", row -> {
            given.add(row);
            if (given.size() == 2) {
                throw new IllegalStateException("full");
            }
        }));
        Throwable codec = catchThrown(() -> new ClipFile(CODEC).read(file, row -> {
            if (row.index() == 1) {
                throw new IllegalStateException("full");
            }
        }));
        assertThat(parsed).isInstanceOf(IOException.class).hasMessage(codec.getMessage()).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(given).isEqualTo(clips);
        assertThatThrownBy(() -> new ClipFiles(storage, CODEC).read("missing.clips.jsonl", row -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("missing.clips.jsonl");
    }

    /** The same rows given, and the same error (type and message) after them, as ClipFile.read on the same file. */
    private void assertSameAsTheCodec(String what, String content) throws IOException {
        Path file = Files.writeString(storage.resolve("case.clips.jsonl"), content);
        List<ClipResult> expected = new ArrayList<>();
        Throwable expectedError = catchThrown(() -> new ClipFile(CODEC).read(file, expected::add));
        List<ClipResult> given = new ArrayList<>();
        Throwable error = catchThrown(() -> new ClipFiles(storage, CODEC).read("case.clips.jsonl", given::add));
        assertThat(given).as(what).isEqualTo(expected);
        if (expectedError == null) {
            assertThat(error).as(what).isNull();
        } else {
            assertThat(error).as(what).isNotNull().hasMessage(expectedError.getMessage()).isInstanceOf(expectedError.getClass());
        }
    }

    private interface Read {
        void run() throws IOException;
    }

    private static Throwable catchThrown(Read read) {
        try {
            read.run();
            return null;
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    private List<ClipResult> read(String relative) throws IOException {
        List<ClipResult> rows = new ArrayList<>();
        new ClipFiles(storage, CODEC).read(relative, rows::add);
        return rows;
    }

    private static List<ClipResult> codecRead(Path file) throws IOException {
        List<ClipResult> rows = new ArrayList<>();
        new ClipFile(CODEC).read(file, rows::add);
        return rows;
    }

    /** {@code plain}: as the analyzer writes rows (finite numbers, ASCII class names and paths); else anything goes. */
    private static ClipResult randomClip(Random r, int i, boolean plain) {
        Double[] doubles = plain ? new Double[]{null, 0.1, 1e-7, -0.0, 0.0, 1e20, 4.9e-324, 1.0 / 3, 123456.789, 1e300}
                : new Double[]{null, 0.1, 1e-7, -0.0, 0.0, 1e20, 4.9e-324, 1.0 / 3, 123456.789, Double.NaN, Double.POSITIVE_INFINITY};
        List<Double> grid = switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> List.of();
            case 2 -> Arrays.asList(0.1, null, 0.25, 1e-9);
            default -> List.of(r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble());
        };
        Map<String, ClassStats> counts = null;
        if (r.nextBoolean()) {
            counts = new LinkedHashMap<>();
            for (String name : List.of("person", "car", plain ? "traffic light" : "前门 \"x\"\u0001", "dog")) {
                if (r.nextBoolean()) {
                    counts.put(name, r.nextInt(10) == 0 ? null : new ClassStats(r.nextInt(50) - 5, r.nextDouble() * 3));
                }
            }
        }
        Double activity = r.nextInt(3) == 0 ? doubles[r.nextInt(doubles.length)] : (Double) r.nextDouble();
        Double peakOffset = doubles[r.nextInt(doubles.length - (plain ? 0 : 2))];
        long wall = 1_770_080_400_000L + r.nextInt(1_000_000) * 7L - (r.nextInt(50) == 0 ? 4_000_000_000_000L : 0);
        return new ClipResult(r.nextInt(20) == 0 ? Integer.MIN_VALUE + i : r.nextInt(20) == 0 ? Integer.MAX_VALUE - i : i, i * 10.0 + (r.nextBoolean() ? 0.001 : 0), i * 10.0 + 10,
                r.nextInt(5) == 0 ? null : wall, r.nextInt(5) == 0 ? null : wall + 10_000, r.nextInt(100), r.nextBoolean(), activity,
                grid, counts, r.nextInt(3), peakOffset, r.nextBoolean() ? null : r.nextDouble(),
                r.nextBoolean() ? null : "out/thumbs/" + i + (plain ? "~.jpg" : " é\"\\.jpg"));
    }
}
