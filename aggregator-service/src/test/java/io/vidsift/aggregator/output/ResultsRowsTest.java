package io.vidsift.aggregator.output;

import io.vidsift.aggregator.Events;
import io.vidsift.aggregator.Folded;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.domain.JobTotals;
import io.vidsift.aggregator.domain.Keys;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.storage.ClipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * results.jsonl written by {@link ResultsRows} is, byte for byte, what the map rows ({@link ResultsTable}) written with
 * {@link OutputJson#line} gave: for rows with nulls, escapes and unicode in names, doubles of every kind (0.1, 1e-7,
 * NaN and infinities as strings, -0.0, 1e20), absent, empty and unsorted counts, activity grids, local videos without
 * a window, and wall times on both sides of offset changes in several zones.
 */
class ResultsRowsTest {

    private static final MessageCodec CODEC = new MessageCodec();
    private static final List<String> ZONES = List.of("Asia/Shanghai", "UTC", "Z", "America/New_York", "Europe/Dublin",
            "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "+00:07", "-03:30");
    /** The job tests write every file of the job, the report's hourly axis across each zone's clock changes included. */
    private static final List<String> JOB_ZONES = List.of("Asia/Shanghai", "UTC", "America/New_York", "Europe/Dublin",
            "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "+00:07");
    private static final String NAME = "前门 \"north\" \\ \u0000\u001f\u007f \u2028 😀 </script> é";
    /** Not valid UTF-16: a UTF-8 writer makes it '?'. */
    private static final String LONE = "lone \ud83d surrogate";

    @TempDir
    Path storage;

    @Test
    void everyTrickyRowIsWhatTheMapPathWrote() throws IOException {
        OutputJson json = new OutputJson();
        for (String id : ZONES) {
            ZoneId zone = ZoneId.of(id);
            List<ClipResult> clips = clips(times(zone, true), true);
            JobClock clock = new JobClock(zone);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            // As AtomicFiles wrote them: the map rows through a UTF-8 writer.
            try (Writer lines = new OutputStreamWriter(expected, StandardCharsets.UTF_8)) {
                ResultsRows rows = new ResultsRows(json, written, zone);
                for (VideoAnalyzed video : videos("job", clips, null)) {
                    rows.video(video);
                    for (ClipResult clip : clips) {
                        json.line(lines, ResultsTable.row(video, clip, clock));
                        rows.row(clip);
                    }
                }
                rows.flush();
            }
            assertThat(written.toString(StandardCharsets.UTF_8)).as(id).isEqualTo(expected.toString(StandardCharsets.UTF_8));
            assertThat(written.toByteArray()).as(id).isEqualTo(expected.toByteArray());
            assertThat(written.toString(StandardCharsets.UTF_8)).contains("\"NaN\"", "\"-Infinity\"", "\\u0000", "\\\"north\\\"", "😀",
                    "1.0E-7", "\"wall_start\":null", "\"counts\":{}", "\"Äpfel\":null", "\"activity_grid\":[0.1,null,\"NaN\"",
                    "lone ? surrogate");
        }
    }

    @Test
    void rowsLongerThanTheBufferAndManyClassesAreWrittenWhole() throws IOException {
        OutputJson json = new OutputJson();
        ZoneId zone = ZoneId.of("Asia/Kolkata");
        String longName = "n\"".repeat(50_000);
        Map<String, ClassStats> counts = new LinkedHashMap<>();
        for (int i = 5000; i > 0; i--) {
            counts.put("class " + i + (i % 7 == 0 ? "\t" : ""), new ClassStats(i, i / 7.0));
        }
        List<ClipResult> clips = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            clips.add(new ClipResult(i, i * 2.5, i * 2.5 + 2.5, 1_770_080_400_000L + i * 2500L, null, 25, false, i / 300.0,
                    i % 2 == 0 ? null : java.util.Collections.nCopies(64, i / 7.0), i % 100 == 0 ? counts : Map.of("person", new ClassStats(1, 0.5)),
                    0, null, null, null));
        }
        VideoAnalyzed video = video("job", "v" + longName, "c", "hik_cloud", new CloudWindow(longName, 1, longName, 0, 600, 0L, 600L),
                longName, longName, clips, null);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try (Writer lines = new OutputStreamWriter(expected, StandardCharsets.UTF_8)) {
            ResultsRows rows = new ResultsRows(json, written, zone);
            rows.video(video);
            for (ClipResult clip : clips) {
                json.line(lines, ResultsTable.row(video, clip, new JobClock(zone)));
                rows.row(clip);
            }
            rows.flush();
        }
        assertThat(written.size()).isGreaterThan(3 * (1 << 16));
        assertThat(written.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void aCloudJobsResultsFileIsTheMapPathsByteForByte() throws IOException {
        for (String zone : JOB_ZONES) {
            String jobId = "job-" + zone.replace('/', '-').replace(':', '-');
            Path root = storage.resolve(jobId);
            List<AggregatorEvent> events = new ArrayList<>();
            events.add(AggregatorEvent.of(plan(Events.cloudJob(jobId, root.resolve("out").toString(), 3, false), zone)));
            List<ClipResult> clips = clips(times(ZoneId.of(zone), false), false);
            for (int chunk = 0; chunk < 3; chunk++) {
                events.add(AggregatorEvent.of(Events.download(jobId, chunk, DownloadStatus.DOWNLOADED, chunk)));
                events.add(AggregatorEvent.of(cloudVideo(jobId, chunk, root, chunk == 1 ? clips.subList(0, 5) : clips)));
            }
            // A schema 1 analysis with its clips inline (the clips store), on a chunk of its own.
            events.add(AggregatorEvent.of(Events.download(jobId, 3, DownloadStatus.DOWNLOADED, 3)));
            events.add(AggregatorEvent.of(Events.analysis(jobId, 3, AnalysisStatus.ANALYZED, 3)));
            assertWrittenAsTheMapPathWroteIt(jobId, root, events, clips.size() * 2 + 5 + 1);
        }
    }

    @Test
    void aLocalJobsResultsFileIsTheMapPathsByteForByte() throws IOException {
        String jobId = "job-local";
        List<AggregatorEvent> events = new ArrayList<>();
        events.add(AggregatorEvent.of(plan(Events.localJob(jobId, storage.resolve("out").toString(), 2), "America/New_York")));
        List<ClipResult> clips = clips(times(ZoneId.of("America/New_York"), false), false);
        List<ClipResult> untimed = clips.stream().map(c -> new ClipResult(c.index(), c.startOffset(), c.endOffset(), null, null,
                c.frames(), c.partial(), c.activity(), c.activityGrid(), c.counts(), 0, null, null, null)).toList();
        events.add(AggregatorEvent.of(localVideo(jobId, "in/" + NAME + ".mp4", untimed)));
        events.add(AggregatorEvent.of(localVideo(jobId, "in/b.mp4", clips)));
        Path dir = assertWrittenAsTheMapPathWroteIt(jobId, storage, events, clips.size() * 2);
        assertThat(Files.readString(dir.resolve(OutputFile.RESULTS.fileName()))).contains("\"source\":\"local\",\"device_serial\":null");
    }

    private Path assertWrittenAsTheMapPathWroteIt(String jobId, Path root, List<AggregatorEvent> events, int rows) throws IOException {
        ClipFiles files = new ClipFiles(root, CODEC);
        Folded folded = Folded.of(events, files);
        JobTotals totals = folded.totals(jobId);
        Path dir = Files.createDirectories(root.resolve("written").resolve(jobId));
        new JobFiles(files).write(folded.tables(), totals, dir);
        String expected = mapPath(folded.tables(), totals, files);
        byte[] written = Files.readAllBytes(dir.resolve(OutputFile.RESULTS.fileName()));
        assertThat(expected.lines().count()).as("rows").isEqualTo(rows);
        assertThat(new String(written, StandardCharsets.UTF_8)).as(jobId).isEqualTo(expected);
        assertThat(written).as(jobId).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    /** results.jsonl the way JobFiles wrote it before ResultsRows: a map per row, one line per map. */
    private static String mapPath(JobTables tables, JobTotals totals, ClipSource files) {
        OutputJson json = new OutputJson();
        VideoClips clips = new VideoClips(files);
        JobClock clock = new JobClock(totals.zone());
        StringWriter out = new StringWriter();
        tables.videos().scan(Keys.job(totals.jobId()), (key, video) -> {
            if (!video.pending()) {
                for (ClipResult clip : clips.of(tables, key, video)) {
                    try {
                        json.line(out, ResultsTable.row(video.analysis(), clip, clock));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return true;
        });
        return out.toString();
    }

    /**
     * Instants on both sides of the zone's first two offset changes from 2026, and ordinary ones; with {@code extremes}
     * also 1890 (local mean time, offsets with seconds) and 1970 (the summary and report of a job cannot chart a
     * century, so the job tests leave them out).
     */
    private static List<Long> times(ZoneId zone, boolean extremes) {
        List<Long> times = new ArrayList<>(List.of(1_770_080_400_000L, 1_770_080_400_120L, 1_770_080_410_005L));
        if (extremes) {
            times.addAll(List.of(-2_524_521_600_500L, 0L));
        }
        ZoneOffsetTransition next = zone.getRules().nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
        for (int i = 0; i < 2 && next != null; i++) {
            long at = next.getInstant().toEpochMilli();
            times.addAll(List.of(at - 3_600_000, at - 1, at, at + 999, at + 3_600_000));
            next = zone.getRules().nextTransition(next.getInstant());
        }
        return times;
    }

    /**
     * At least 20 clips, one per instant (taken in turn), each with another awkward value in every column; with
     * {@code extremes} also a class without figures ({@code null}: the fold's clip sums do not take one) and an offset
     * of 1e20 s (whose derived wall time overflows: no summary can chart it), which the job tests leave out.
     */
    private static List<ClipResult> clips(List<Long> times, boolean extremes) {
        double[] offsets = {0, 0.1, 1e-7, -0.0, extremes ? 1e20 : 1e3, 1.0 / 3, Double.MIN_VALUE, 599.999, 12345678.9, 4.35};
        Double[] activities = {null, 0.1, 1e-7, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, 1.0, 0.30000000000000004};
        List<List<Double>> grids = new ArrayList<>();
        grids.add(null);
        grids.add(List.of());
        grids.add(Arrays.asList(0.1, null, Double.NaN, 1e-7, 3.0, -0.0));
        List<Map<String, ClassStats>> counts = new ArrayList<>();
        counts.add(null);
        counts.add(Map.of());
        Map<String, ClassStats> unsorted = new LinkedHashMap<>();
        unsorted.put("zebra", new ClassStats(2, 0.1));
        unsorted.put("person", new ClassStats(Integer.MAX_VALUE, 1e-7));
        if (extremes) {
            unsorted.put("Äpfel", null);
            unsorted.put("lone \udc00", new ClassStats(3, 0.75));
        }
        unsorted.put("a \"b\"\n", new ClassStats(-1, Double.NaN));
        unsorted.put("Car", new ClassStats(0, 0));
        counts.add(unsorted);
        counts.add(Map.of("person", new ClassStats(1, 0.5)));
        List<ClipResult> clips = new ArrayList<>();
        for (int i = 0; i < Math.max(20, times.size()); i++) {
            long t = times.get(i % times.size());
            double start = offsets[i % offsets.length];
            Long wallStart = i % 4 == 3 ? null : t;           // null: derived from the window's actual_begin, where it has one
            Long wallEnd = i % 5 == 4 ? null : t + 10_001;
            clips.add(new ClipResult(i == 7 ? Integer.MAX_VALUE : i, start, start + 10, wallStart, wallEnd, i == 2 ? -1 : 10 * i,
                    i % 3 == 0, activities[i % activities.length], grids.get(i % grids.size()), counts.get(i % counts.size()),
                    i, null, null, null));
        }
        return clips;
    }

    /** Cloud videos (a name full of escapes, a window without actual times) and a local one, without a window. */
    private static List<VideoAnalyzed> videos(String jobId, List<ClipResult> clips, String clipsPath) {
        CloudWindow named = new CloudWindow("DEV\"1\\é", 3, NAME, 1_770_080_400L, 1_770_081_000L, 1_770_080_401L, 1_770_080_999L);
        CloudWindow unknownActual = new CloudWindow("DEV2", 0, null, 1_770_080_400L, 1_770_081_000L, null, null);
        return List.of(
                video(jobId, "v1", "chunk-1", "hik_cloud", named, "hik/" + NAME + ".mp4", "activity+yolo \"n\"", clips, clipsPath),
                video(jobId, "v2", "chunk-2", "hik_cloud", unknownActual, "hik/b.mp4", "activity", clips, clipsPath),
                video(jobId, "v3", null, "local", null, "in/c.mp4", null, clips, clipsPath),
                video(jobId, "v4", "chunk-4", "hik_cloud", new CloudWindow(LONE, 1, LONE, 0, 600, 0L, 600L), LONE, LONE, clips, clipsPath));
    }

    private static VideoAnalyzed video(String jobId, String videoId, String chunkId, String source, CloudWindow window, String path,
                                       String model, List<ClipResult> clips, String clipsPath) {
        return new VideoAnalyzed(Schema.VERSION, jobId, videoId, chunkId, source, window, path, null, "keyframes", 1.0, 600, 0,
                clipsPath == null ? clips : null, model, "cpu", null, AnalysisStatus.ANALYZED, null, Events.at(1), clips.size(),
                clipsPath, 0, 0);
    }

    /** The chunk's video, its clips in a clip file (schema 2), from a camera whose name needs escaping. */
    private static VideoAnalyzed cloudVideo(String jobId, int chunk, Path root, List<ClipResult> clips) throws IOException {
        CloudWindow w = Events.window(chunk);
        CloudWindow named = new CloudWindow(w.deviceSerial(), w.channelNo(), NAME, w.requestedBegin(), w.requestedEnd(),
                w.actualBegin(), w.actualEnd());
        String videoId = Ids.videoId(jobId, Events.path(chunk));
        String clipsPath = "out/analysis/" + videoId + ".clips.jsonl";
        new ClipFile(CODEC).write(root.resolve(clipsPath), clips);
        return video(jobId, videoId, Events.chunkId(jobId, chunk), "hik_cloud", named, Events.path(chunk),
                chunk == 2 ? null : "activity \u00e9", clips, clipsPath);
    }

    private VideoAnalyzed localVideo(String jobId, String path, List<ClipResult> clips) throws IOException {
        String videoId = Ids.videoId(jobId, path);
        String clipsPath = "out/analysis/" + videoId + ".clips.jsonl";
        new ClipFile(CODEC).write(storage.resolve(clipsPath), clips);
        return video(jobId, videoId, null, "local", null, path, "activity", clips, clipsPath);
    }

    private static JobPlanned plan(JobPlanned standard, String zone) {
        JobConfig c = standard.config();
        JobConfig config = new JobConfig(c.name(), c.dryRun(), c.mode(), c.local(), c.hikCloud(), zone, c.outputDir(),
                c.storageRoot(), c.analysis());
        return JobPlanned.of(standard.jobId(), standard.plannedAt(), config, standard.devices(), standard.ranges(),
                standard.chunks(), standard.files());
    }
}
