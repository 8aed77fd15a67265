package io.vidsift.analyzer;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.analyzer.inference.DetectionOptions;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.common.config.ModelConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The activity gate in front of the detector and the decode/inference pipeline, on the test footage where a box
 * moves from 19.3 s to 39 s: clips 2 and 3 (20-40 s) are active, so with a margin of 2 s the detector sees frames
 * 18-41 (all of clips 2 and 3, the last two frames of clip 1, the first two of clip 4) and nothing else, and finds
 * there exactly what the ungated detector finds.
 */
class GatedDetectionTest {

    private static final String GATED_ID = "gated";
    private static final DetectionOptions GATED = new DetectionOptions(0.001, 2, 2);

    @TempDir
    static Path models;
    private static ModelSessions sessions;
    private static ModelConfig detector;

    @BeforeAll
    static void open() throws Exception {
        sessions = Analyzers.sessions();
        Path model = Files.write(models.resolve("yolov8-like.onnx"), DetectorAnalysisTest.v8Graph());
        detector = new ModelConfig(ModelConfig.DETECTOR, model.toString(), 64, List.of("person", "car"), List.of("person"), 0.25, 0.45, 4);
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @Test
    void gatedDetectorSeesActiveClipsAndTheirMarginAndFindsWhatTheUngatedOneFinds(@TempDir Path frames) throws Exception {
        VideoAnalyzed ungated = analyze(DetectionOptions.PLAIN, 1);
        VideoAnalyzer analyzer = Analyzers.over(TestVideos.dir(), sessions, 1, GATED);
        VideoReady local = Analyzers.local("moving.mp4", Analyzers.analysis("exact", detector));
        VideoAnalyzed gated = analyzer.analyze(new VideoReady(local.schema(), local.jobId(), GATED_ID, local.source(),
                local.chunkId(), local.window(), local.path(), null, null, frames.toString(), local.analysis()));

        assertThat(gated.status()).as(gated.error()).isEqualTo(AnalysisStatus.ANALYZED);
        List<ClipResult> clips = gated.clips();
        assertThat(clips).hasSize(6);
        for (int k = 1; k <= 4; k++) {
            // Clips 1 and 4 only in part (the margin): their mean is over the frames the detector saw.
            assertThat(clips.get(k).counts()).as("clip %d", k).isEqualTo(ungated.clips().get(k).counts())
                    .containsEntry("person", new ClassStats(2, 2.0));
        }
        List<String> lines = Files.readAllLines(frames.resolve("analysis").resolve(GATED_ID + ".frames.jsonl"));
        List<Integer> seen = new ArrayList<>();
        for (String line : lines) {
            JsonNode frame = new MessageCodec().mapper().readTree(line);
            if (!frame.get("counts").isEmpty()) {
                seen.add((int) Math.round(frame.get("offset").asDouble()));
            }
        }
        assertThat(seen).isEqualTo(IntStream.rangeClosed(18, 41).boxed().toList());
        assertThat(clips.get(0).counts()).as("quiet clip before the margin").isEmpty();
        assertThat(clips.get(5).counts()).as("quiet clip after the margin").isEmpty();
        // The gate's activity model scores every frame, so every clip keeps its activity.
        assertThat(clips).allSatisfy(c -> assertThat(c.activity()).isNotNull());
        assertThat(clips.get(2).activity()).isGreaterThan(0.01);
        assertThat(ungated.clips()).allSatisfy(c -> assertThat(c.activity()).isNull());
    }

    @Test
    void withoutMarginOnlyTheActiveClips() {
        VideoAnalyzed gated = analyze(new DetectionOptions(0.001, 0, 2), 1);

        assertThat(gated.clips()).extracting(c -> !c.counts().isEmpty()).containsExactly(false, false, true, true, false, false);
    }

    @Test
    void pipelinedParallelSegmentsGiveTheSameCountsAsOneThread() {
        VideoAnalyzed plain = analyze(DetectionOptions.PLAIN, 1);
        VideoAnalyzed pipelined = analyze(new DetectionOptions(0, 0, 3), 3);

        assertThat(pipelined.status()).as(pipelined.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(pipelined.timingsMs()).containsEntry("segments", 2L);
        assertThat(pipelined.framesSampled()).isEqualTo(plain.framesSampled());
        assertThat(pipelined.clips()).extracting(ClipResult::counts)
                .containsExactlyElementsOf(plain.clips().stream().map(ClipResult::counts).toList());
    }

    @Test
    void aModelFailingOnTheInferenceThreadsOfParallelSegmentsIsAnInferenceFailureAndTheWorkerCarriesOn() throws Exception {
        // No class names and an output shape that could be either layout: every segment's first batch fails.
        Path model = Files.write(models.resolve("unnamed.onnx"), DetectorAnalysisTest.v8Graph());
        ModelConfig unnamed = new ModelConfig(ModelConfig.DETECTOR, model.toString(), 64, List.of(), List.of("person"), 0.25, 0.45, 2);
        VideoAnalyzer analyzer = Analyzers.over(TestVideos.dir(), sessions, 3, GATED);

        for (int i = 0; i < 3; i++) {
            VideoAnalyzed failed = analyzer.analyze(Analyzers.local("moving.mp4", Analyzers.analysis("exact", unnamed)));
            assertThat(failed.status()).isEqualTo(AnalysisStatus.INFERENCE_FAILED);
            assertThat(failed.error()).contains("set analysis.model.class_names");
        }
        VideoAnalyzed after = analyzer.analyze(Analyzers.local("moving.mp4", Analyzers.analysis("exact", detector)));
        assertThat(after.status()).as(after.error()).isEqualTo(AnalysisStatus.ANALYZED);
    }

    private static VideoAnalyzed analyze(DetectionOptions options, int segments) {
        VideoAnalyzer analyzer = Analyzers.over(TestVideos.dir(), sessions, segments, options);
        VideoReady video = Analyzers.local("moving.mp4", Analyzers.analysis("exact", detector));
        VideoAnalyzed result = analyzer.analyze(video);
        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        return result;
    }

}
