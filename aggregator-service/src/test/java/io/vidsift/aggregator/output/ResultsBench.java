package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.JobClock;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.storage.ClipFile;
import io.vidsift.common.storage.StorageLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * bench/aggregator/files.sh: results.jsonl of a synthetic job (VIDEOS ten-minute videos of one camera after another,
 * CLIPS clip rows each, in real clip files written with the analyzer's {@link ClipFile}), written side by side by the
 * anchor (the writer before {@link ResultsRows}: each clip file read with the codec ({@link ClipFile#read}), a
 * {@link ResultsTable} map per row through {@link OutputJson#line}, times with {@link JobClock#iso}) and by
 * {@link ResultsRows} on clip files read by {@link ClipFiles} ({@link ClipRowParser}), both writing through
 * {@link AtomicFiles} as {@code JobFiles} does. Also each writer alone on rows already in memory, and each way of
 * reading the clip files alone. Rounds interleave the two, the best round of each is kept;
 * rows/s are per CPU second of the writing thread (what other load on the machine disturbs least) and per wall second.
 * The two files must be identical (SHA-256). In the output package: it drives the package's writers directly.
 * Usage: ResultsBench DIR [videos] [clips] [rounds]
 */
public final class ResultsBench {

    private static final MessageCodec CODEC = new MessageCodec();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long BEGIN = 1_770_080_400L; // 2026-02-03 09:00 Asia/Shanghai

    private record Video(VideoAnalyzed analysis, String clipsPath) {
    }

    private record Best(double cpuSeconds, double wallSeconds) {
        Best min(long cpuNanos, long wallNanos) {
            return new Best(Math.min(cpuSeconds, cpuNanos / 1e9), Math.min(wallSeconds, wallNanos / 1e9));
        }
    }

    /** One way of writing the file: the rows of one video, then the next; then what is still buffered. */
    @FunctionalInterface
    private interface Rows {
        void video(VideoAnalyzed video, List<ClipResult> clips) throws IOException;

        default void finish() throws IOException {
        }
    }

    private ResultsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int videos = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int clipsPerVideo = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        List<Video> job = job(dir, videos, clipsPerVideo);
        ClipFiles files = new ClipFiles(dir, CODEC);
        ClipFile clipFile = new ClipFile(CODEC);
        Reader parsed = video -> read(files, video);
        Reader codec = video -> sorted(each -> clipFile.read(dir.resolve(video.clipsPath()), each));
        List<List<ClipResult>> inMemory = new ArrayList<>();
        for (Video video : job) {
            inMemory.add(parsed.clips(video));
        }
        if (!inMemory.equals(job.stream().map(video -> {
            try {
                return codec.clips(video);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList())) {
            throw new IllegalStateException("ClipFiles and ClipFile.read disagree");
        }
        long rows = (long) videos * clipsPerVideo;
        OutputJson json = new OutputJson();
        JobClock clock = new JobClock(ZONE);
        Path anchorFile = dir.resolve("results-anchor.jsonl");
        Path newFile = dir.resolve("results-new.jsonl");
        Best anchor = new Best(Double.MAX_VALUE, Double.MAX_VALUE);
        Best now = anchor;
        Best anchorWrite = anchor;
        Best nowWrite = anchor;
        Best reading = anchor;
        Best codecReading = anchor;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            long[] t = start(cpu);
            write(anchorFile, out -> mapRows(out, json, clock), job, codec, null);
            anchor = anchor.min(cpu.getCurrentThreadCpuTime() - t[0], System.nanoTime() - t[1]);
            t = start(cpu);
            write(newFile, out -> streamed(out, json), job, parsed, null);
            now = now.min(cpu.getCurrentThreadCpuTime() - t[0], System.nanoTime() - t[1]);
            t = start(cpu);
            write(anchorFile, out -> mapRows(out, json, clock), job, codec, inMemory);
            anchorWrite = anchorWrite.min(cpu.getCurrentThreadCpuTime() - t[0], System.nanoTime() - t[1]);
            t = start(cpu);
            write(newFile, out -> streamed(out, json), job, parsed, inMemory);
            nowWrite = nowWrite.min(cpu.getCurrentThreadCpuTime() - t[0], System.nanoTime() - t[1]);
            t = start(cpu);
            long read = 0;
            for (Video video : job) {
                read += codec.clips(video).size();
            }
            codecReading = codecReading.min(cpu.getCurrentThreadCpuTime() - t[0], System.nanoTime() - t[1]);
            t = start(cpu);
            for (Video video : job) {
                read += parsed.clips(video).size();
            }
            reading = reading.min(cpu.getCurrentThreadCpuTime() - t[0], System.nanoTime() - t[1]);
            if (read != 2 * rows) {
                throw new IllegalStateException("read " + read + " rows, expected " + 2 * rows);
            }
        }
        String anchorSha = sha256(anchorFile);
        String newSha = sha256(newFile);
        System.out.printf(Locale.ROOT, "job: %d videos x %d clips = %d rows, results.jsonl %.1f MiB, %d rounds (best kept)%n",
                videos, clipsPerVideo, rows, Files.size(newFile) / 1048576.0, rounds);
        System.out.printf(Locale.ROOT, "identical files: %s (sha256 %s)%n", anchorSha.equals(newSha) ? "yes" : "NO", newSha);
        line("read clip files + write, anchor (map + ObjectMapper)", rows, anchor);
        line("read clip files + write, ResultsRows", rows, now);
        ratio("results.jsonl (read + write)", anchor, now);
        line("write only, anchor", rows, anchorWrite);
        line("write only, ResultsRows", rows, nowWrite);
        ratio("write only", anchorWrite, nowWrite);
        line("read clip files only, anchor (ClipFile.read, codec)", rows, codecReading);
        line("read clip files only, ClipFiles (ClipRowParser)", rows, reading);
        ratio("reading", codecReading, reading);
        if (!anchorSha.equals(newSha)) {
            System.exit(1);
        }
    }

    private static long[] start(ThreadMXBean cpu) {
        return new long[]{cpu.getCurrentThreadCpuTime(), System.nanoTime()};
    }

    /** A video's clips in index order, as VideoClips gives them. */
    @FunctionalInterface
    private interface Reader {
        List<ClipResult> clips(Video video) throws IOException;
    }

    @FunctionalInterface
    private interface Source {
        void read(java.util.function.Consumer<ClipResult> each) throws IOException;
    }

    /** Writes results.jsonl the way JobFiles does: each video's clips read (unless given) and put in index order. */
    private static void write(Path target, Function<OutputStream, Rows> rowsOf, List<Video> job, Reader reader,
                              List<List<ClipResult>> inMemory) throws IOException {
        AtomicFiles.writeBytes(target, out -> {
            Rows rows = rowsOf.apply(out);
            for (int i = 0; i < job.size(); i++) {
                Video video = job.get(i);
                rows.video(video.analysis(), inMemory == null ? reader.clips(video) : inMemory.get(i));
            }
            rows.finish();
        });
    }

    /** Through the writer AtomicFiles.write gives a Writer's content. */
    private static Rows mapRows(OutputStream stream, OutputJson json, JobClock clock) {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        return new Rows() {
            @Override
            public void video(VideoAnalyzed video, List<ClipResult> clips) throws IOException {
                for (ClipResult clip : clips) {
                    json.line(out, ResultsTable.row(video, clip, clock));
                }
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }
        };
    }

    private static Rows streamed(OutputStream out, OutputJson json) {
        ResultsRows results = new ResultsRows(json, out, ZONE);
        return new Rows() {
            @Override
            public void video(VideoAnalyzed video, List<ClipResult> clips) throws IOException {
                results.video(video);
                for (ClipResult clip : clips) {
                    results.row(clip);
                }
            }

            @Override
            public void finish() throws IOException {
                results.flush();
            }
        };
    }

    private static List<ClipResult> read(ClipFiles files, Video video) throws IOException {
        return sorted(each -> files.read(video.clipsPath(), each));
    }

    private static List<ClipResult> sorted(Source source) throws IOException {
        List<ClipResult> clips = new ArrayList<>();
        source.read(clips::add);
        clips.sort(Comparator.comparingInt(ClipResult::index));
        return clips;
    }

    /** Clip rows as bench/aggregator/run.sh makes them: 10 s clips, an activity, a person count; cameras of 1,008 chunks. */
    private static List<Video> job(Path dir, int videos, int clipsPerVideo) throws IOException {
        Random random = new Random(42);
        ClipFile clipFile = new ClipFile(CODEC);
        StorageLayout layout = new StorageLayout(dir);
        List<Video> job = new ArrayList<>();
        for (int v = 0; v < videos; v++) {
            String serial = "BENCH" + (v / 1008);
            long begin = BEGIN + 600L * (v % 1008);
            CloudWindow w = new CloudWindow(serial, 1, "camera " + serial, begin, begin + 600, begin, begin + 600);
            String path = StorageLayout.cloudVideo(serial, 1, begin, begin + 600);
            String videoId = Ids.videoId("bench", path);
            List<ClipResult> clips = new ArrayList<>(clipsPerVideo);
            for (int i = 0; i < clipsPerVideo; i++) {
                double activity = Math.round(random.nextDouble() * 1000) / 1000.0;
                clips.add(new ClipResult(i, i * 10.0, i * 10.0 + 10, begin * 1000 + i * 10_000L, begin * 1000 + i * 10_000L + 10_000,
                        10, false, activity, null,
                        Map.of("person", new ClassStats(random.nextInt(4), Math.round(random.nextDouble() * 300) / 100.0)), 0, null, null, null));
            }
            String clipsPath = "analysis/bench/" + videoId + ".clips.jsonl";
            clipFile.write(layout.resolve(clipsPath), clips);
            job.add(new Video(new VideoAnalyzed(Schema.VERSION, "bench", videoId, Ids.chunkId("bench", serial, 1, begin, begin + 600),
                    "hik_cloud", w, path, null, "keyframes", 1.0, 600, 0, null, "activity", "cpu", null, AnalysisStatus.ANALYZED, null,
                    "2026-02-03T02:00:00Z", clipsPerVideo, clipsPath, 0, 0), clipsPath));
        }
        return job;
    }

    private static void line(String what, long rows, Best best) {
        System.out.printf(Locale.ROOT, "%-55s %,12.0f rows/CPU s  %,12.0f rows/s wall  (%.3f CPU s, %.3f s)%n",
                what, rows / best.cpuSeconds(), rows / best.wallSeconds(), best.cpuSeconds(), best.wallSeconds());
    }

    private static void ratio(String what, Best anchor, Best now) {
        System.out.printf(Locale.ROOT, "ratio %s: %.2fx rows/CPU s, %.2fx rows/s wall%n", what,
                anchor.cpuSeconds() / now.cpuSeconds(), anchor.wallSeconds() / now.wallSeconds());
        System.out.printf(Locale.ROOT, "result: results-%s cpu_ratio=%.2f wall_ratio=%.2f%n",
                what.startsWith("write") ? "write-only" : what.startsWith("reading") ? "reading" : "read-write", anchor.cpuSeconds() / now.cpuSeconds(),
                anchor.wallSeconds() / now.wallSeconds());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
