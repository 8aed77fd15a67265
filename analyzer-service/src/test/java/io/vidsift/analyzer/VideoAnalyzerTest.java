package io.vidsift.analyzer;

import io.vidsift.analyzer.inference.InferenceDevice;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.inference.RunTimer;
import io.vidsift.analyzer.pipeline.AnalysisMetrics;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.VideoAnalyzed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole pipeline on generated footage: real FFmpeg decoding, real ONNX Runtime sessions. */
class VideoAnalyzerTest {

    /** Codec noise on a static textured scene stays far below this; a 24x40 px box sliding by is far above. */
    private static final double STILL = 0.002;
    private static final double MOVING = 0.01;

    private static ModelSessions sessions;
    private static VideoAnalyzer analyzer;

    @BeforeAll
    static void open() {
        sessions = Analyzers.sessions();
        analyzer = Analyzers.over(TestVideos.dir(), sessions);
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @Test
    void staticSceneHasNoActivity() {
        VideoAnalyzed result = analyzer.analyze(Analyzers.local("static.mp4", Analyzers.analysis("exact")));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.framesSampled()).isEqualTo(60);
        assertThat(result.clips()).hasSize(6);
        assertThat(result.clips()).allSatisfy(c -> assertThat(c.activity()).isNotNull().isLessThan(STILL));
        assertThat(result.model()).isEqualTo("activity");
        assertThat(result.device()).isEqualTo("cpu");
        assertThat(result.probe().width()).isEqualTo(TestVideos.WIDTH);
        assertThat(result.probe().height()).isEqualTo(TestVideos.HEIGHT);
        assertThat(result.probe().codec()).isEqualTo("h264");
        assertThat(result.probe().fps()).isEqualTo(15.0);
        assertThat(result.probe().durationSeconds()).isBetween(59.5, 60.5);
        assertThat(result.timingsMs()).containsKeys("probe", "decode", "preprocess", "inference", "total");
    }

    @Test
    void boxMovingFrom20To40SecondsIsActiveOnlyInThoseClips() {
        VideoAnalyzed result = analyzer.analyze(Analyzers.local("moving.mp4", Analyzers.analysis("exact")));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.samplingMode()).isEqualTo("exact");
        List<ClipResult> clips = result.clips();
        assertThat(clips).extracting(ClipResult::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(clips.get(2).activity()).isGreaterThan(MOVING);
        assertThat(clips.get(3).activity()).isGreaterThan(MOVING);
        for (int quiet : new int[] {0, 1, 4, 5}) {
            assertThat(clips.get(quiet).activity()).as("clip %d", quiet).isLessThan(STILL);
        }
        // The grid says where: the box slides along the middle rows, never through the top or bottom row.
        List<Double> grid = clips.get(2).activityGrid();
        assertThat(grid).hasSize(16);
        assertThat(grid.subList(0, 4)).allSatisfy(cell -> assertThat(cell).isLessThan(STILL));
        assertThat(grid.subList(12, 16)).allSatisfy(cell -> assertThat(cell).isLessThan(STILL));
        assertThat(grid.subList(4, 12).stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isGreaterThan(MOVING);
    }

    @Test
    void metricsSeeEveryFrameEveryBatchAndEveryVideo() {
        AtomicLong frames = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        AtomicLong batchNanos = new AtomicLong();
        List<InferenceDevice> devices = new CopyOnWriteArrayList<>();
        List<AnalysisStatus> videos = new CopyOnWriteArrayList<>();
        AnalysisMetrics metrics = new AnalysisMetrics() {
            @Override
            public void frameSampled() {
                frames.incrementAndGet();
            }

            @Override
            public RunTimer inference(InferenceDevice device) {
                devices.add(device);
                return nanos -> {
                    batches.incrementAndGet();
                    batchNanos.addAndGet(nanos);
                };
            }

            @Override
            public void analyzed(AnalysisStatus status, long nanos) {
                assertThat(nanos).isPositive();
                videos.add(status);
            }
        };
        // Two decode segments: frames and batches are reported from both scoring threads.
        VideoAnalyzer measured = Analyzers.over(TestVideos.dir(), sessions, 2, metrics);

        VideoAnalyzed result = measured.analyze(Analyzers.local("moving.mp4", Analyzers.analysis("exact")));
        VideoAnalyzed empty = measured.analyze(Analyzers.local("empty.mp4", Analyzers.analysis("exact")));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(empty.status()).isEqualTo(AnalysisStatus.PROBE_FAILED);
        assertThat(videos).containsExactly(AnalysisStatus.ANALYZED, AnalysisStatus.PROBE_FAILED);
        assertThat(frames.get()).isEqualTo(result.framesSampled()).isEqualTo(60);
        assertThat(devices).containsExactly(InferenceDevice.CPU);
        // One record per session.run: each segment's 30 frames in batches of the model's batch size.
        int batch = Analyzers.analysis("exact").model().batchSize();
        assertThat(batches.get()).isEqualTo(2L * ((30 + batch - 1) / batch));
        assertThat(batchNanos.get()).isPositive();
    }

    @Test
    void parallelDecodeSegmentsGiveTheSameSamples() {
        VideoAnalyzer twoDecoders = Analyzers.over(TestVideos.dir(), sessions, 2);

        VideoAnalyzed one = analyzer.analyze(Analyzers.local("moving.mp4", Analyzers.analysis("exact")));
        VideoAnalyzed two = twoDecoders.analyze(Analyzers.local("moving.mp4", Analyzers.analysis("exact")));

        assertThat(two.status()).as(two.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(two.timingsMs()).containsEntry("segments", 2L);
        assertThat(two.framesSampled()).isEqualTo(one.framesSampled()).isEqualTo(60);
        assertThat(two.clips()).extracting(ClipResult::frames).containsExactlyElementsOf(
                one.clips().stream().map(ClipResult::frames).toList());
        // The second segment also decodes the 29 s sample as its first frame's predecessor: no difference is lost
        // at the boundary, every clip scores exactly as with one decoder.
        assertThat(two.clips()).extracting(ClipResult::activity).containsExactlyElementsOf(
                one.clips().stream().map(ClipResult::activity).toList());
        for (int quiet : new int[] {0, 1, 4, 5}) {
            assertThat(two.clips().get(quiet).activity()).as("clip %d", quiet).isLessThan(STILL);
        }
    }

    @Test
    void brokenTimestampsAreNeverSplitIntoSegments() {
        VideoAnalyzer twoDecoders = Analyzers.over(TestVideos.dir(), sessions, 2);

        VideoAnalyzed result = twoDecoders.analyze(Analyzers.cloud("broken.mp4", 60, Analyzers.analysis("exact")));

        assertThat(result.timingsMs()).containsEntry("segments", 1L);
        assertThat(result.framesSampled()).isEqualTo(60);
    }

    @Test
    void keyframeModeSamplesOnlyKeyFramesAndReportsTheRate() {
        VideoAnalyzed result = analyzer.analyze(Analyzers.local("moving.mp4", Analyzers.analysis("keyframes")));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.samplingMode()).isEqualTo("keyframes");
        // A key frame every 2 s: 30 samples over 60 s, i.e. 0.5 fps effective.
        assertThat(result.framesSampled()).isEqualTo(30);
        assertThat(result.effectiveFps()).isEqualTo(0.5);
        assertThat(result.clips().get(2).activity()).isGreaterThan(MOVING);
        assertThat(result.clips().get(0).activity()).isLessThan(STILL);
        assertThat(result.clips().get(5).activity()).isLessThan(STILL);
    }

    @Test
    void autoModeDecodesExactlyWhenTheGopIsLongerThanTheInterval() {
        VideoAnalyzed result = analyzer.analyze(Analyzers.local("static.mp4", Analyzers.analysis("auto")));

        assertThat(result.samplingMode()).isEqualTo("exact");
        assertThat(result.framesSampled()).isEqualTo(60);
    }

    @Test
    void cloudChunkClipsCarryWallClockTimes() {
        VideoAnalyzed result = analyzer.analyze(Analyzers.cloud("moving.mp4", 60, Analyzers.analysis("exact")));

        assertThat(result.status()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.window().deviceSerial()).isEqualTo("EXAMPLE_DEVICE_SERIAL");
        ClipResult third = result.clips().get(2);
        assertThat(third.wallStart()).isEqualTo(Analyzers.ACTUAL_BEGIN * 1000 + 20_000);
        assertThat(third.wallEnd()).isEqualTo(Analyzers.ACTUAL_BEGIN * 1000 + 30_000);
        assertThat(third.frames()).isEqualTo(10);
    }

    @Test
    void aTimestampJumpIsReAnchoredAndTheChunkWindowStillCaps() {
        // The file's timestamps jump three hours ahead at 20 s; the API said the chunk is 60 s. The frames after the
        // jump continue the timeline instead of being dropped, and never more than ceil(60 x 1) + 1 frames come out.
        VideoAnalyzed result = analyzer.analyze(Analyzers.cloud("broken.mp4", 60, Analyzers.analysis("exact")));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.probe().durationSeconds()).isGreaterThan(3 * 3600.0);
        assertThat(result.framesSampled()).isLessThanOrEqualTo(61).isEqualTo(60);
        assertThat(result.timestampResets()).isEqualTo(1);
        assertThat(result.clips()).hasSize(6);
        assertThat(result.clips().get(3).activity()).isGreaterThan(MOVING);
        assertThat(result.clips().get(5).frames()).isEqualTo(10);
    }

    @Test
    void partialLastClipIsKeptAndMarked() {
        io.vidsift.common.config.AnalysisConfig d = Analyzers.analysis("exact");
        io.vidsift.common.config.AnalysisConfig sevens = new io.vidsift.common.config.AnalysisConfig(d.sampleFps(), d.sampling(), 7,
                d.device(), d.deviceFallback(), d.decoderThreads(), d.maxDurationSeconds(), false, d.model(), java.util.List.of());
        VideoAnalyzed result = analyzer.analyze(Analyzers.local("static.mp4", sevens));

        List<ClipResult> clips = result.clips();
        assertThat(clips).hasSize(9);
        assertThat(clips.subList(0, 8)).noneMatch(ClipResult::partial);
        ClipResult last = clips.get(8);
        assertThat(last.partial()).isTrue();
        assertThat(last.startOffset()).isEqualTo(56.0);
        assertThat(last.endOffset()).isBetween(59.5, 60.5);
        assertThat(last.frames()).isEqualTo(4);
    }

    @Test
    void savesSampledFramesAsJpegOnlyWhenAsked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path output) throws Exception {
        io.vidsift.common.config.AnalysisConfig d = Analyzers.analysis("keyframes");
        io.vidsift.common.config.AnalysisConfig save = new io.vidsift.common.config.AnalysisConfig(d.sampleFps(), d.sampling(),
                d.clipSeconds(), d.device(), d.deviceFallback(), 0, d.maxDurationSeconds(), true, d.model(), java.util.List.of());
        io.vidsift.common.messages.VideoReady plain = Analyzers.local("static.mp4", d);
        io.vidsift.common.messages.VideoReady saving = Analyzers.local("moving.mp4", save);
        plain = withOutput(plain, output);
        saving = withOutput(saving, output);

        analyzer.analyze(plain);
        VideoAnalyzed result = analyzer.analyze(saving);

        assertThat(result.status()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(output.resolve("frames").resolve(plain.videoId())).doesNotExist();
        try (var jpegs = java.nio.file.Files.list(output.resolve("frames").resolve(saving.videoId()))) {
            List<java.nio.file.Path> files = jpegs.sorted().toList();
            assertThat(files).hasSize(result.framesSampled());
            assertThat(files.get(1).getFileName().toString()).isEqualTo("00002000.jpg");
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(files.get(0).toFile());
            assertThat(image.getWidth()).isEqualTo(TestVideos.WIDTH);
            assertThat(image.getHeight()).isEqualTo(TestVideos.HEIGHT);
        }
    }

    private static io.vidsift.common.messages.VideoReady withOutput(io.vidsift.common.messages.VideoReady v, java.nio.file.Path output) {
        return new io.vidsift.common.messages.VideoReady(v.schema(), v.jobId(), v.videoId(), v.source(), v.chunkId(), v.window(),
                v.path(), v.bytes(), v.sha256(), output.toString(), v.analysis());
    }

    @Test
    void truncatedFileFailsCleanly() {
        VideoAnalyzed result = analyzer.analyze(Analyzers.local("truncated.mp4", Analyzers.analysis("exact")));

        assertThat(result.status()).isIn(AnalysisStatus.PROBE_FAILED, AnalysisStatus.DECODE_FAILED);
        assertThat(result.error()).isNotBlank().doesNotContain(TestVideos.dir().toString());
        assertThat(result.clips()).isEmpty();
    }

    @Test
    void emptyFileIsProbeFailed() {
        VideoAnalyzed result = analyzer.analyze(Analyzers.local("empty.mp4", Analyzers.analysis("auto")));

        assertThat(result.status()).isEqualTo(AnalysisStatus.PROBE_FAILED);
        assertThat(result.error()).contains("0 bytes");
    }

    @Test
    void nonVideoAndMissingFilesAreProbeFailed() {
        VideoAnalyzed text = analyzer.analyze(Analyzers.local("notes.mp4", Analyzers.analysis("auto")));
        VideoAnalyzed missing = analyzer.analyze(Analyzers.local("nowhere/gone.mp4", Analyzers.analysis("auto")));
        VideoAnalyzed escaping = analyzer.analyze(Analyzers.local("../../etc/passwd", Analyzers.analysis("auto")));

        assertThat(text.status()).isEqualTo(AnalysisStatus.PROBE_FAILED);
        assertThat(text.error()).isNotBlank();
        assertThat(missing.status()).isEqualTo(AnalysisStatus.PROBE_FAILED);
        assertThat(missing.error()).contains("not found");
        assertThat(escaping.status()).isEqualTo(AnalysisStatus.PROBE_FAILED);
        assertThat(escaping.error()).contains("escapes the storage root");
    }

    @Test
    void cudaWithoutCudaIsAnInferenceFailureUnlessFallingBackToCpu() {
        io.vidsift.common.config.AnalysisConfig d = Analyzers.analysis("exact");
        io.vidsift.common.config.AnalysisConfig cuda = new io.vidsift.common.config.AnalysisConfig(d.sampleFps(), d.sampling(),
                d.clipSeconds(), "cuda", "none", 0, d.maxDurationSeconds(), false, d.model(), java.util.List.of());
        io.vidsift.common.config.AnalysisConfig cudaOrCpu = new io.vidsift.common.config.AnalysisConfig(d.sampleFps(), d.sampling(),
                d.clipSeconds(), "cuda", "cpu", 0, d.maxDurationSeconds(), false, d.model(), java.util.List.of());

        VideoAnalyzed refused = analyzer.analyze(Analyzers.local("static.mp4", cuda));
        VideoAnalyzed fellBack = analyzer.analyze(Analyzers.local("static.mp4", cudaOrCpu));

        assertThat(refused.status()).isEqualTo(AnalysisStatus.INFERENCE_FAILED);
        assertThat(refused.error()).contains("analysis.device is cuda").contains("device_fallback");
        assertThat(fellBack.status()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(fellBack.device()).isEqualTo("cpu");
    }
}
