package io.vidsift.analyzer;

import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.onnx.OnnxGraph;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.common.config.ModelConfig;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector path end to end with ONNX graphs whose output encodes known boxes (a real detector is not
 * downloadable here): letterbox, ORT session, YOLO decoding in both layouts, NMS, class filter, counts per clip.
 */
class DetectorAnalysisTest {

    private static final int INPUT = 64;
    /**
     * {cx, cy, w, h, person, car} in model input pixels. The 160x120 frame is letterboxed to 64x48 at scale 0.4
     * with 8 px bars at top and bottom.
     */
    private static final float[][] ANCHORS = {
            {20, 30, 8, 16, 0.90f, 0.01f},   // person A
            {21, 30, 8, 16, 0.80f, 0.01f},   // person A again: NMS removes it
            {45, 30, 8, 16, 0.70f, 0.02f},   // person B
            {20, 31, 8, 16, 0.02f, 0.60f},   // a car: not counted (class filter is person)
            {50, 20, 8, 8, 0.10f, 0.05f},    // below the score threshold
    };

    @TempDir
    static Path models;
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
    void v8LayoutWithDynamicBatchCountsPeopleAfterNms(@TempDir Path output) throws Exception {
        Path model = Files.write(models.resolve("yolov8-like.onnx"), v8Graph());
        ModelConfig config = new ModelConfig(ModelConfig.DETECTOR, model.toString(), INPUT, List.of("person", "car"),
                List.of("person"), 0.25, 0.45, 8);
        VideoReady video = Analyzers.local("static.mp4", Analyzers.analysis("exact", config));
        video = new VideoReady(video.schema(), video.jobId(), video.videoId(), video.source(), video.chunkId(), video.window(),
                video.path(), null, null, output.toString(), video.analysis());

        VideoAnalyzed result = analyzer.analyze(video);

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.model()).isEqualTo("detector");
        assertThat(result.clips()).hasSize(6).allSatisfy(clip -> {
            assertThat(clip.counts()).containsOnlyKeys("person");
            assertThat(clip.counts().get("person")).isEqualTo(new ClassStats(2, 2.0));
            assertThat(clip.activity()).isNull();
        });
        // Per-frame boxes, back in frame pixels.
        List<String> lines = Files.readAllLines(output.resolve("analysis").resolve(video.videoId() + ".frames.jsonl"));
        assertThat(lines).hasSize(60);
        JsonNode first = new MessageCodec().mapper().readTree(lines.get(0));
        assertThat(first.get("counts").get("person").asInt()).isEqualTo(2);
        JsonNode a = first.get("boxes").get(0);
        assertThat(a.get("label").asText()).isEqualTo("person");
        assertThat(List.of(a.get("x1").asInt(), a.get("y1").asInt(), a.get("x2").asInt(), a.get("y2").asInt()))
                .containsExactly(40, 35, 60, 75);
    }

    @Test
    void v5LayoutWithFixedBatchOfOne() throws Exception {
        Path model = Files.write(models.resolve("yolov5-like.onnx"), v5Graph());
        ModelConfig config = new ModelConfig(ModelConfig.DETECTOR, model.toString(), 640, List.of("person", "car"),
                List.of("person", "car"), 0.25, 0.45, 8);

        VideoAnalyzed result = analyzer.analyze(Analyzers.local("moving.mp4", Analyzers.analysis("keyframes", config)));

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.framesSampled()).isEqualTo(30);
        assertThat(result.clips().get(0).counts())
                .containsEntry("person", new ClassStats(2, 2.0))
                .containsEntry("car", new ClassStats(1, 1.0));
    }

    @Test
    void unknownClassFilterIsAnInferenceFailureNamingTheSetting() throws Exception {
        Path model = Files.write(models.resolve("yolov8-bicycle.onnx"), v8Graph());
        ModelConfig config = new ModelConfig(ModelConfig.DETECTOR, model.toString(), INPUT, List.of("person", "car"),
                List.of("bicycle"), 0.25, 0.45, 8);

        VideoAnalyzed result = analyzer.analyze(Analyzers.local("static.mp4", Analyzers.analysis("exact", config)));

        assertThat(result.status()).isEqualTo(AnalysisStatus.INFERENCE_FAILED);
        assertThat(result.error()).contains("analysis.model.classes [bicycle]");
    }

    @Test
    void ambiguousOutputWithoutClassNamesAsksForThem() throws Exception {
        Path model = Files.write(models.resolve("yolov8-unnamed.onnx"), v8Graph());
        ModelConfig config = new ModelConfig(ModelConfig.DETECTOR, model.toString(), INPUT, List.of(), List.of("person"), 0.25, 0.45, 8);

        VideoAnalyzed result = analyzer.analyze(Analyzers.local("static.mp4", Analyzers.analysis("exact", config)));

        assertThat(result.status()).isEqualTo(AnalysisStatus.INFERENCE_FAILED);
        assertThat(result.error()).contains("set analysis.model.class_names");
    }

    @Test
    void missingModelFileIsAnInferenceFailure() {
        ModelConfig config = new ModelConfig(ModelConfig.DETECTOR, models.resolve("absent.onnx").toString(), INPUT,
                List.of("person"), List.of("person"), 0.25, 0.45, 8);

        VideoAnalyzed result = analyzer.analyze(Analyzers.local("static.mp4", Analyzers.analysis("exact", config)));

        assertThat(result.status()).isEqualTo(AnalysisStatus.INFERENCE_FAILED);
        assertThat(result.error()).contains("model file not found");
    }

    /** [N,3,64,64] → [N,6,5]: the known anchors for every frame, whatever the pixels (dynamic batch). */
    static byte[] v8Graph() {
        float[] values = new float[6 * ANCHORS.length];
        for (int n = 0; n < ANCHORS.length; n++) {
            for (int k = 0; k < 6; k++) {
                values[k * ANCHORS.length + n] = ANCHORS[n][k];
            }
        }
        return constantOutput("N", INPUT, new long[] {1, 6, ANCHORS.length}, values);
    }

    /** [1,3,640,640] → [1,5,7] with objectness 1 (fixed batch of one, as many v5 exports are). */
    static byte[] v5Graph() {
        float[] values = new float[ANCHORS.length * 7];
        for (int n = 0; n < ANCHORS.length; n++) {
            float[] a = ANCHORS[n];
            // Same boxes in a 640 input: scale the coordinates by 10.
            float[] row = {a[0] * 10, a[1] * 10, a[2] * 10, a[3] * 10, 1.0f, a[4], a[5]};
            System.arraycopy(row, 0, values, n * 7, 7);
        }
        return constantOutput(1, 640, new long[] {1, ANCHORS.length, 7}, values);
    }

    private static byte[] constantOutput(Object batch, int size, long[] outShape, float[] values) {
        OnnxGraph g = new OnnxGraph("boxes");
        g.input("images", OnnxGraph.Type.FLOAT, batch, 3, size, size);
        g.output("output0", OnnxGraph.Type.FLOAT, batch, outShape[1], outShape[2]);
        g.floats("anchors", outShape, values);
        g.floats("zero", new long[] {}, 0f);
        g.longs("column", new long[] {3}, -1, 1, 1);
        // Depend on the input so the batch dimension flows through: reshape(mean(images) x 0) + anchors.
        g.node("ReduceMean", List.of("images"), List.of("mean"), "axes", new long[] {1, 2, 3}, "keepdims", 0L);
        g.node("Mul", List.of("mean", "zero"), List.of("nothing"));
        g.node("Reshape", List.of("nothing", "column"), List.of("n11"));
        g.node("Add", List.of("n11", "anchors"), List.of("output0"));
        return g.toBytes();
    }
}
