package io.vidsift.analyzer.pipeline;

import io.vidsift.analyzer.TestVideos;
import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.probe.VideoProber;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.ClipSums;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.ClipFile;
import io.vidsift.common.storage.StorageLayout;
import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The analysis cache around the real analyzer: real footage, real FFmpeg and ONNX Runtime. */
class AnalysisCacheTest {

    private static ModelSessions sessions;

    @TempDir
    Path root;

    private VideoAnalyzer analyzer;
    private AnalysisCache cache;
    private final AtomicInteger analysed = new AtomicInteger();
    private final MessageCodec codec = new MessageCodec();

    @BeforeAll
    static void open() {
        sessions = new ModelSessions(OrtEnvironment.getEnvironment(), 2);
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        TestVideos.copyInto(root, "videos");
        StorageLayout storage = new StorageLayout(root);
        analyzer = new VideoAnalyzer(storage, new VideoProber(), new FrameSampler(), sessions,
                new DeviceSupport(OrtEnvironment.getEnvironment()), codec, Clock.systemUTC(), 1);
        cache = new AnalysisCache(root.resolve("cache"), new AnalysisKey(storage, codec, "test-build/segments=1"), storage, codec,
                Clock.systemUTC());
    }

    private VideoAnalyzed analyze(VideoReady video) {
        return cache.analyze(video, v -> {
            analysed.incrementAndGet();
            return analyzer.analyze(v);
        });
    }

    private static VideoReady video(String job, String path, String outputDir, AnalysisConfig analysis) {
        return new VideoReady(Schema.VERSION, job, "v-" + job + "-" + path.hashCode(), VideoReady.SOURCE_LOCAL, null, null, path,
                null, null, outputDir, analysis);
    }

    private static AnalysisConfig settings(int clipSeconds, boolean saveFrames) {
        return new AnalysisConfig(1.0, "exact", clipSeconds, "cpu", "none", 0, 3600, saveFrames, AnalysisConfig.defaults().model(), java.util.List.of());
    }

    @Test
    void theSameContentWithTheSameSettingsIsAnalysedOnceAndReusedUnderTheNewJobsIds() throws IOException {
        VideoAnalyzed first = analyze(video("job-1", "videos/moving.mp4", "out-1", settings(10, false)));
        VideoReady again = video("job-2", "videos/moving.mp4", "out-2", settings(10, false));
        VideoAnalyzed second = analyze(again);

        assertThat(analysed).hasValue(1);
        assertThat(first.status()).as(first.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(second.status()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(second.jobId()).isEqualTo("job-2");
        assertThat(second.videoId()).isEqualTo(again.videoId());
        // Each job has its own clip file, with the same rows.
        assertThat(first.clipsPath()).isNotNull();
        assertThat(second.clipsPath()).isEqualTo("out-2/analysis/" + again.videoId() + ".clips.jsonl");
        assertThat(second.clipCount()).isEqualTo(first.clipCount()).isPositive();
        assertThat(second.clips()).isNull();
        // The same rows, but each job's rows name its own thumbnails.
        List<ClipResult> rows1 = rows(first.clipsPath());
        List<ClipResult> rows2 = rows(second.clipsPath());
        assertThat(rows2).extracting(c -> c.withThumbnail(null)).containsExactlyElementsOf(rows1.stream().map(c -> c.withThumbnail(null)).toList());
        assertThat(rows2).extracting(c -> c.thumbnail() == null).containsExactlyElementsOf(rows1.stream().map(c -> c.thumbnail() == null).toList());
        assertThat(second.clipSums()).as("a reused analysis sums its rows too").isEqualTo(ClipSums.of(second.window(), rows2))
                .isEqualTo(first.clipSums());
        assertThat(second.probe()).isEqualTo(first.probe());
        assertThat(second.framesSampled()).isEqualTo(first.framesSampled());
        assertThat(second.timingsMs()).containsOnlyKeys("cache", "total");
        // The per-frame file is in the new job's output dir, under the new video id.
        Path frames1 = root.resolve("out-1/analysis/" + first.videoId() + ".frames.jsonl");
        Path frames2 = root.resolve("out-2/analysis/" + second.videoId() + ".frames.jsonl");
        assertThat(frames2).hasSameTextualContentAs(frames1);
    }

    @Test
    void aHitCopiesThePeakThumbnailsIntoTheNewJobsOutputDirUnderItsVideoId() throws IOException {
        VideoAnalyzed first = analyze(video("job-1", "videos/moving.mp4", "out-1", settings(10, false)));
        List<ClipResult> firstRows = rows(first.clipsPath());
        assertThat(firstRows).as("the moving box gives thumbnails").anyMatch(c -> c.thumbnail() != null);
        Map<Integer, byte[]> jpegs = new HashMap<>();
        for (ClipResult clip : firstRows) {
            if (clip.thumbnail() != null) {
                jpegs.put(clip.index(), Files.readAllBytes(root.resolve(clip.thumbnail())));
            }
        }
        // The first job's output is cleaned up before the same video comes again.
        deleteTree(root.resolve("out-1"));
        VideoReady again = video("job-2", "videos/moving.mp4", "out-2", settings(10, false));

        VideoAnalyzed second = analyze(again);

        assertThat(analysed).hasValue(1);
        List<ClipResult> secondRows = rows(second.clipsPath());
        assertThat(secondRows).filteredOn(c -> c.thumbnail() != null).extracting(ClipResult::index)
                .containsExactlyInAnyOrderElementsOf(jpegs.keySet());
        for (ClipResult clip : secondRows) {
            if (clip.thumbnail() != null) {
                assertThat(clip.thumbnail()).isEqualTo(String.format(java.util.Locale.ROOT, "out-2/analysis/%s.peak%04d.jpg",
                        again.videoId(), clip.index()));
                assertThat(root.resolve(clip.thumbnail())).hasBinaryContent(jpegs.get(clip.index()));
            }
        }
    }

    @Test
    void aHitAfterAnAnalysisWithoutThumbnailsMakesThemFromTheVideo(@TempDir Path elsewhere) throws IOException {
        VideoAnalyzed outside = analyze(video("job-1", "videos/moving.mp4", elsewhere.toString(), settings(10, false)));
        assertThat(outside.clips()).as("outside the storage root the analyzer writes no thumbnails")
                .allSatisfy(c -> assertThat(c.thumbnail()).isNull());
        VideoReady again = video("job-2", "videos/moving.mp4", "out-2", settings(10, false));

        VideoAnalyzed inside = analyze(again);

        assertThat(analysed).hasValue(1);
        List<ClipResult> rows = rows(inside.clipsPath());
        assertThat(rows).filteredOn(c -> c.thumbnail() != null).isNotEmpty().allSatisfy(c -> {
            assertThat(c.thumbnail()).startsWith("out-2/analysis/" + again.videoId() + ".peak");
            assertThat(root.resolve(c.thumbnail())).isNotEmptyFile();
        });
        assertThat(rows).filteredOn(c -> c.activity() != null && c.activity() >= PeakThumbnails.ACTIVITY_FLOOR)
                .allSatisfy(c -> assertThat(c.thumbnail()).as("clip %d", c.index()).isNotNull());
    }

    @Test
    void anOutputDirOutsideTheStorageRootGetsNoThumbnails(@TempDir Path elsewhere) {
        analyze(video("job-1", "videos/moving.mp4", "out-1", settings(10, false)));
        VideoAnalyzed outside = analyze(video("job-2", "videos/moving.mp4", elsewhere.toString(), settings(10, false)));

        assertThat(analysed).hasValue(1);
        assertThat(outside.clips()).isNotEmpty().allSatisfy(c -> assertThat(c.thumbnail()).isNull());
    }

    @Test
    void anOutputDirOutsideTheStorageRootGetsTheRowsInline(@TempDir Path elsewhere) {
        VideoAnalyzed first = analyze(video("job-1", "videos/moving.mp4", "out-1", settings(10, false)));
        VideoAnalyzed outside = analyze(video("job-2", "videos/moving.mp4", elsewhere.toString(), settings(10, false)));
        VideoAnalyzed backInside = analyze(video("job-3", "videos/moving.mp4", "out-3", settings(10, false)));

        assertThat(analysed).hasValue(1);
        assertThat(outside.clipsPath()).isNull();
        assertThat(outside.clips()).hasSize(first.clipCount());
        assertThat(outside.clipCount()).isEqualTo(first.clipCount());
        assertThat(backInside.clipsPath()).startsWith("out-3/analysis/");
    }

    @Test
    void theKeyIsTheContentNotTheName() throws IOException {
        Files.copy(root.resolve("videos/moving.mp4"), root.resolve("videos/renamed.mp4"));
        analyze(video("job-1", "videos/moving.mp4", "out", settings(10, false)));
        analyze(video("job-2", "videos/renamed.mp4", "out", settings(10, false)));
        analyze(video("job-3", "videos/static.mp4", "out", settings(10, false)));

        assertThat(analysed).hasValue(2);
    }

    @Test
    void otherSettingsAnotherWorkerBuildOrSavedFramesAnalyseAgain() {
        analyze(video("job-1", "videos/moving.mp4", "out", settings(10, false)));
        analyze(video("job-2", "videos/moving.mp4", "out", settings(5, false)));
        analyze(video("job-3", "videos/moving.mp4", "out", settings(10, true)));
        StorageLayout storage = new StorageLayout(root);
        cache = new AnalysisCache(root.resolve("cache"), new AnalysisKey(storage, codec, "new-build/segments=1"), storage, codec,
                Clock.systemUTC());
        analyze(video("job-4", "videos/moving.mp4", "out", settings(10, false)));

        assertThat(analysed).hasValue(4);
    }

    @Test
    void failuresAreNotKeptAndNeitherAreMissingFiles() {
        VideoAnalyzed notAVideo = analyze(video("job-1", "videos/notes.mp4", "out", settings(10, false)));
        analyze(video("job-2", "videos/notes.mp4", "out", settings(10, false)));
        VideoAnalyzed missing = analyze(video("job-3", "videos/gone.mp4", "out", settings(10, false)));

        assertThat(notAVideo.status()).isEqualTo(AnalysisStatus.PROBE_FAILED);
        assertThat(missing.status()).isEqualTo(AnalysisStatus.PROBE_FAILED);
        assertThat(analysed).hasValue(3);
    }

    @Test
    void aDamagedEntryIsAnalysedAgainAndReplaced() throws IOException {
        analyze(video("job-1", "videos/moving.mp4", "out", settings(10, false)));
        Path entry;
        try (Stream<Path> files = Files.walk(root.resolve("cache"))) {
            entry = files.filter(f -> f.getFileName().toString().equals(AnalysisCache.ANALYSIS)).findFirst().orElseThrow();
        }
        Files.writeString(entry, "{not json");

        VideoAnalyzed again = analyze(video("job-2", "videos/moving.mp4", "out", settings(10, false)));

        assertThat(again.status()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(analysed).hasValue(2);
        analyze(video("job-3", "videos/moving.mp4", "out", settings(10, false)));
        assertThat(analysed).as("the entry was written again").hasValue(2);
    }

    @Test
    void anOutputDirThatCannotBeWrittenIsWaitedOutNotRecordedAsTheVideosFailure() throws Exception {
        // Storage that refuses the video's outputs: a file where the analysis folder must go.
        Path blocker = Files.createDirectories(root.resolve("out-full")).resolve("analysis");
        Files.writeString(blocker, "not a folder");
        VideoReady video = video("job-full", "videos/moving.mp4", "out-full", settings(10, false));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> analyze(video)).isInstanceOf(StorageFault.class)
                .hasMessageContaining(video.videoId()).hasMessageContaining("out-full");

        // The consumer's retry: the space comes back while it waits, and the next attempt records the real result.
        List<java.time.Duration> waits = new ArrayList<>();
        StorageRetry retry = new StorageRetry(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(15), java.time.Duration.ofHours(6),
                Clock.systemUTC(), delay -> {
            waits.add(delay);
            try {
                Files.delete(blocker);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, () -> { });
        VideoAnalyzed result = retry.run(() -> analyze(video), fault -> {
            throw new AssertionError("gave up", fault);
        });

        assertThat(waits).hasSize(1);
        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.clipsPath()).isEqualTo("out-full/analysis/" + video.videoId() + ".clips.jsonl");
        assertThat(rows(result.clipsPath())).hasSize(result.clipCount());
        assertThat(root.resolve("out-full/analysis/" + video.videoId() + ".frames.jsonl")).isRegularFile();
    }

    @Test
    void aHitWhoseOutputDirCannotBeWrittenKeepsTheEntryAndIsReusedOnceItCan() throws IOException {
        VideoAnalyzed first = analyze(video("job-1", "videos/moving.mp4", "out-1", settings(10, false)));
        Path blocker = Files.createDirectories(root.resolve("out-2")).resolve("analysis");
        Files.writeString(blocker, "not a folder");
        VideoReady again = video("job-2", "videos/moving.mp4", "out-2", settings(10, false));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> analyze(again)).isInstanceOf(StorageFault.class)
                .hasMessageContaining(again.videoId());
        Files.delete(blocker);
        VideoAnalyzed second = analyze(again);

        assertThat(analysed).as("analysed once: the entry survived the full disk").hasValue(1);
        assertThat(second.status()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(second.timingsMs()).containsOnlyKeys("cache", "total");
        assertThat(rows(second.clipsPath())).hasSize(first.clipCount());
    }

    private List<ClipResult> rows(String clipsPath) throws IOException {
        List<ClipResult> rows = new ArrayList<>();
        new ClipFile(codec).read(root.resolve(clipsPath), rows::add);
        return rows;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void turnedOffItAlwaysAnalyses() {
        cache = AnalysisCache.off(new StorageLayout(root), codec);
        analyze(video("job-1", "videos/moving.mp4", "out", settings(10, false)));
        analyze(video("job-2", "videos/moving.mp4", "out", settings(10, false)));
        assertThat(analysed).hasValue(2);
        assertThat(root.resolve("cache")).doesNotExist();
    }
}
