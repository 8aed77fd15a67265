package io.vidsift.analyzer;

import io.vidsift.analyzer.frames.FrameSampler;
import io.vidsift.analyzer.frames.SamplingMode;
import io.vidsift.analyzer.frames.SamplingPlan;
import io.vidsift.analyzer.frames.SamplingReport;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.analyzer.probe.ProbeOutcome;
import io.vidsift.analyzer.probe.VideoProber;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.MaskConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.VideoAnalyzed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.ClipFile;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every container and codec cameras deliver, broken timestamps and damaged packets, through the whole pipeline. */
class CameraFootageTest {

    private static final double STILL = 0.002;
    private static final double MOVING = 0.01;

    private static ModelSessions sessions;
    private static VideoAnalyzer analyzer;

    @BeforeAll
    static void open() {
        sessions = Analyzers.sessions();
        analyzer = Analyzers.over(CameraFootage.dir(), sessions);
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @ParameterizedTest(name = "{0} ({2}) analyses like the MP4 original")
    @CsvSource({
            "hevc.mp4, hevc, exact",
            "hevc.mp4, hevc, keyframes",
            "faststart.mp4, h264, exact",
            "fragmented.mp4, h264, exact",
            "moving.ts, h264, exact",
            "hevc.ts, hevc, exact",
            "moving.ps, h264, exact",
            "imkh.mp4, h264, exact",
            "imkh.mp4, h264, auto",
    })
    void everyContainerKindAnalyses(String name, String codec, String sampling) {
        VideoAnalyzed result = analyzer.analyze(Analyzers.cloud(name, 60, Analyzers.analysis(sampling)));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.probe().codec()).isEqualTo(codec);
        boolean exact = result.samplingMode().equals("exact");
        assertThat(result.framesSampled()).isBetween(exact ? 59 : 29, exact ? 61 : 31);
        List<ClipResult> clips = result.clips();
        assertThat(clips).hasSize(6);
        assertThat(clips.get(2).activity()).as("clip 2").isGreaterThan(MOVING);
        assertThat(clips.get(3).activity()).as("clip 3").isGreaterThan(MOVING);
        for (int quiet : new int[] {0, 5}) {
            assertThat(clips.get(quiet).activity()).as("clip %d", quiet).isLessThan(STILL);
        }
    }

    @Test
    void aTimestampResetKeepsTheFramesAfterIt() throws Exception {
        // Two 30 s recorder segments glued together; the chunk's window says 60 s.
        VideoAnalyzed result = analyzer.analyze(Analyzers.cloud("reset.ts", 60, Analyzers.analysis("exact")));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.framesSampled()).isBetween(59, 61);
        assertThat(result.clips()).hasSize(6);
        // The box moves until 39 s: in the second part, which the old gate dropped whole.
        assertThat(result.clips().get(3).frames()).isEqualTo(10);
        assertThat(result.clips().get(3).activity()).isGreaterThan(MOVING);
        assertThat(result.clips().get(5).frames()).isGreaterThanOrEqualTo(9);

        assertThat(result.timestampResets()).isEqualTo(1);
        SamplingReport report = sample("reset.ts", SamplingMode.EXACT);
        assertThat(report.reanchored()).isEqualTo(1);
        assertThat(report.sampled()).isBetween(59, 61);
    }

    @Test
    void framesTheDecoderFlagsCorruptAreSkippedAndCounted() throws Exception {
        SamplingReport report = sample("damaged.ts", SamplingMode.EXACT);
        VideoAnalyzed result = analyzer.analyze(Analyzers.cloud("damaged.ts", 60, Analyzers.analysis("exact")));

        assertThat(report.corrupt()).isPositive();
        assertThat(result.framesCorrupt()).isEqualTo(report.corrupt());
        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.framesSampled()).isLessThan(61).isGreaterThan(40);
    }

    @Test
    void anIrSwitchIsASceneChangeNotActivity() throws Exception {
        VideoAnalyzed result = analyzer.analyze(withOutput(Analyzers.cloud("irswitch.mp4", 60, Analyzers.analysis("exact")), "out-ir"));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        List<ClipResult> clips = clips(result);
        ClipResult switchClip = clips.get((int) (CameraFootage.IR_SWITCH_AT / 10));
        assertThat(switchClip.sceneChanges()).isEqualTo(1);
        assertThat(clips).allSatisfy(c -> assertThat(c.activity()).as("clip %d", c.index()).isLessThan(STILL));
        assertThat(clips).allSatisfy(c -> assertThat(c.thumbnail()).isNull());
        assertThat(clips.stream().mapToInt(ClipResult::sceneChanges).sum()).isEqualTo(1);
        // The per-frame file says which frame it was.
        List<String> lines = Files.readAllLines(CameraFootage.dir().resolve("out-ir/analysis/" + result.videoId() + ".frames.jsonl"));
        List<String> changes = lines.stream().filter(l -> l.contains("\"scene_change\":true")).toList();
        assertThat(changes).hasSize(1).allSatisfy(l -> assertThat(l).contains("\"offset\":25.0"));
    }

    @Test
    void activeClipsNameTheirPeakFrameAndGetItsThumbnail() throws Exception {
        VideoAnalyzed result = analyzer.analyze(withOutput(Analyzers.cloud("faststart.mp4", 60, Analyzers.analysis("exact")), "out-peaks"));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        List<ClipResult> clips = clips(result);
        for (int active : new int[] {2, 3}) {
            ClipResult clip = clips.get(active);
            assertThat(clip.peakOffset()).isBetween(clip.startOffset(), clip.endOffset());
            assertThat(clip.peakActivity()).isGreaterThanOrEqualTo(clip.activity()).isGreaterThan(MOVING);
            assertThat(clip.thumbnail()).isEqualTo(String.format("out-peaks/analysis/%s.peak%04d.jpg", result.videoId(), active));
            BufferedImage image = ImageIO.read(CameraFootage.dir().resolve(clip.thumbnail()).toFile());
            assertThat(image.getWidth()).isEqualTo(TestVideos.WIDTH);
            assertThat(image.getHeight()).isEqualTo(TestVideos.HEIGHT);
        }
        for (int quiet : new int[] {0, 1, 4, 5}) {
            assertThat(clips.get(quiet).thumbnail()).as("clip %d", quiet).isNull();
        }
        assertThat(result.timingsMs()).containsKey("thumbnails");
    }

    @Test
    void maskedRegionsAreNeverActivity() {
        // The box slides along rows 40..80 of 120: masking that band (as one would a road) silences the clips it moves
        // in; a mask for another camera changes nothing, nor does a mask elsewhere in the picture.
        AnalysisConfig d = Analyzers.analysis("exact");
        MaskConfig band = new MaskConfig("EXAMPLE_DEVICE_SERIAL", 1, List.of(new MaskConfig.Region(List.of(0.0, 0.3, 1.0, 0.4), null)));
        MaskConfig otherCamera = new MaskConfig("OTHER", null, List.of(new MaskConfig.Region(List.of(0.0, 0.0, 1.0, 1.0), null)));
        MaskConfig corner = new MaskConfig("*", null, List.of(new MaskConfig.Region(null,
                List.of(List.of(0.0, 0.0), List.of(0.2, 0.0), List.of(0.0, 0.2)))));

        VideoAnalyzed masked = analyzer.analyze(Analyzers.cloud("faststart.mp4", 60, withMasks(d, List.of(band, otherCamera))));
        VideoAnalyzed elsewhere = analyzer.analyze(Analyzers.cloud("faststart.mp4", 60, withMasks(d, List.of(otherCamera, corner))));

        assertThat(masked.status()).as(masked.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(masked.clips()).allSatisfy(c -> assertThat(c.activity()).as("clip %d", c.index()).isLessThan(STILL));
        assertThat(elsewhere.clips().get(2).activity()).isGreaterThan(MOVING);
        assertThat(elsewhere.clips().get(3).activity()).isGreaterThan(MOVING);
    }

    private static AnalysisConfig withMasks(AnalysisConfig d, List<MaskConfig> masks) {
        return new AnalysisConfig(d.sampleFps(), d.sampling(), d.clipSeconds(), d.device(), d.deviceFallback(), d.decoderThreads(),
                d.maxDurationSeconds(), d.saveFrames(), d.model(), masks);
    }

    private static VideoReady withOutput(VideoReady v, String outputDir) {
        return new VideoReady(v.schema(), v.jobId(), v.videoId(), v.source(), v.chunkId(), v.window(), v.path(), v.bytes(),
                v.sha256(), outputDir, v.analysis());
    }

    /** The clip rows, inline or from the file the record names. */
    private static List<ClipResult> clips(VideoAnalyzed result) throws java.io.IOException {
        if (result.clipsPath() == null) {
            return result.clips();
        }
        List<ClipResult> rows = new ArrayList<>();
        new ClipFile(new MessageCodec()).read(CameraFootage.dir().resolve(result.clipsPath()), rows::add);
        assertThat(rows).hasSize(result.clipCount());
        return rows;
    }

    private static SamplingReport sample(String name, SamplingMode mode) throws Exception {
        ProbeOutcome probe = new VideoProber().probe(CameraFootage.file(name));
        assertThat(probe.ok()).as(probe.failure()).isTrue();
        Double start = probe.probe().startTimeSeconds();
        SamplingPlan plan = new SamplingPlan(mode, 1.0, 60, SamplingPlan.cap(60, 1.0), start == null ? 0 : start,
                probe.probe().fps(), null, 0, null, 1);
        List<Double> offsets = new ArrayList<>();
        return new FrameSampler().sample(CameraFootage.file(name), plan, frame -> offsets.add(frame.offsetSeconds()));
    }
}
