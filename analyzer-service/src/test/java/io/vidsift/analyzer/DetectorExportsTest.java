package io.vidsift.analyzer;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.analyzer.inference.Letterbox;
import io.vidsift.analyzer.inference.ModelSessions;
import io.vidsift.analyzer.onnx.KnownBoxesGraph;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.common.config.ModelConfig;
import io.vidsift.common.messages.AnalysisStatus;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * Every detector export interface the analyzer reads, each as a generated graph with exactly that interface whose
 * output holds known boxes: end-to-end (NMS included, [N,300,6]) with and without Ultralytics metadata, a static
 * batch of 4 with an odd last batch, float16 input and output, a rectangular input, class names and input size from
 * the metadata. (v5 with a fixed batch of one and v8 with a dynamic batch: {@link DetectorAnalysisTest}.) Each must
 * come back as the same two people in frame pixels on every sampled frame.
 */
class DetectorExportsTest {

    /** {x1, y1, x2, y2, person score, car score} in pixels of the 160x120 test frames. */
    private static final float[][] FRAME_BOXES = {
            {40, 35, 60, 75, 0.90f, 0.01f},      // person A
            {42.5f, 35, 62.5f, 75, 0.80f, 0.01f}, // person A again (raw heads only): NMS removes it
            {100, 35, 120, 75, 0.70f, 0.02f},    // person B
            {42, 37, 62, 77, 0.02f, 0.60f},      // a car: not counted (class filter is person)
            {120, 20, 140, 40, 0.10f, 0.05f},    // below the score threshold
    };
    private static final List<String> NAMES = List.of("person", "car");

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
    void end2EndWithUltralyticsMetadata(@TempDir Path output) throws Exception {
        byte[] graph = new KnownBoxesGraph(new long[] {300, 6}, end2end(Letterbox.of(160, 120, 64), 1))
                .metadata("names", "{0: 'person', 1: 'car'}").metadata("imgsz", "[64, 64]").metadata("end2end", "True")
                .build();

        assertTwoPeopleOnEveryFrame(graph, config(List.of(), 640, 8), "static.mp4", "exact", 60, output);
    }

    @Test
    void end2EndWithoutMetadataIsReadAsCoco(@TempDir Path output) throws Exception {
        // YOLOv10 exported without names: class ids are COCO's (person 0, car 2), the 300 rows tell the layout.
        byte[] graph = new KnownBoxesGraph(new long[] {300, 6}, end2end(Letterbox.of(160, 120, 64), 2)).build();

        assertTwoPeopleOnEveryFrame(graph, config(List.of(), 64, 8), "static.mp4", "exact", 60, output);
    }

    @Test
    void staticBatchOfFourPadsTheOddLastBatch(@TempDir Path output) throws Exception {
        // 30 key frames = 7 full batches and one of 2; the job's batch_size (8) gives way to the model's fixed 4.
        byte[] graph = new KnownBoxesGraph(new long[] {6, FRAME_BOXES.length}, v8(Letterbox.of(160, 120, 64))).batch(4).build();

        assertTwoPeopleOnEveryFrame(graph, config(NAMES, 64, 8), "moving.mp4", "keyframes", 30, output);
    }

    @Test
    void float16InputAndOutput(@TempDir Path output) throws Exception {
        byte[] graph = new KnownBoxesGraph(new long[] {6, FRAME_BOXES.length}, v8(Letterbox.of(160, 120, 64))).half().build();

        assertTwoPeopleOnEveryFrame(graph, config(NAMES, 64, 8), "static.mp4", "exact", 60, output);
    }

    @Test
    void rectangularInput(@TempDir Path output) throws Exception {
        // 64 wide, 48 high: the 4:3 frame fills it at scale 0.4 with no bars (a 48x64 reading would add 14 px bars).
        Letterbox rect = Letterbox.of(160, 120, 64, 48);
        assertThat(rect.padY()).isZero();
        byte[] graph = new KnownBoxesGraph(new long[] {6, FRAME_BOXES.length}, v8(rect)).input(48, 64).build();

        assertTwoPeopleOnEveryFrame(graph, config(NAMES, 640, 8), "static.mp4", "exact", 60, output);
    }

    @Test
    void classNamesAndInputSizeFromMetadata(@TempDir Path output) throws Exception {
        // Dynamic height and width, no class_names in the job, input_size left at 640: only the metadata can say 64 and
        // which of the two classes is the person.
        byte[] graph = new KnownBoxesGraph(new long[] {6, FRAME_BOXES.length}, v8(Letterbox.of(160, 120, 64)))
                .input("height", "width").metadata("names", "{0: 'person', 1: 'car'}").metadata("imgsz", "[64, 64]")
                .metadata("batch", "1").build();

        assertTwoPeopleOnEveryFrame(graph, config(List.of(), 640, 8), "static.mp4", "exact", 60, output);
    }

    private static ModelConfig config(List<String> classNames, int inputSize, int batch) {
        return new ModelConfig(ModelConfig.DETECTOR, null, inputSize, classNames, List.of("person"), 0.25, 0.45, batch);
    }

    private static void assertTwoPeopleOnEveryFrame(byte[] graph, ModelConfig config, String file, String sampling, int frames,
                                                    Path output) throws Exception {
        Path model = Files.write(Files.createTempFile(models, "export", ".onnx"), graph);
        ModelConfig withPath = new ModelConfig(config.name(), model.toString(), config.inputSize(), config.classNames(),
                config.classes(), config.scoreThreshold(), config.iouThreshold(), config.batchSize());
        VideoReady local = Analyzers.local(file, Analyzers.analysis(sampling, withPath));
        VideoReady video = new VideoReady(local.schema(), local.jobId(), local.videoId(), local.source(), local.chunkId(),
                local.window(), local.path(), null, null, output.toString(), local.analysis());

        VideoAnalyzed result = analyzer.analyze(video);

        assertThat(result.status()).as(result.error()).isEqualTo(AnalysisStatus.ANALYZED);
        assertThat(result.framesSampled()).isEqualTo(frames);
        List<String> lines = Files.readAllLines(output.resolve("analysis").resolve(video.videoId() + ".frames.jsonl"));
        assertThat(lines).hasSize(frames);
        for (String line : lines) {
            JsonNode frame = new MessageCodec().mapper().readTree(line);
            assertThat(frame.get("counts").get("person").asInt()).as(line).isEqualTo(2);
            assertThat(frame.get("boxes")).hasSize(2);
            assertBox(frame.get("boxes").get(0), FRAME_BOXES[0]);
            assertBox(frame.get("boxes").get(1), FRAME_BOXES[2]);
        }
    }

    private static void assertBox(JsonNode box, float[] expected) {
        assertThat(box.get("label").asText()).isEqualTo("person");
        assertThat(box.get("x1").asDouble()).isCloseTo(expected[0], offset(0.6));
        assertThat(box.get("y1").asDouble()).isCloseTo(expected[1], offset(0.6));
        assertThat(box.get("x2").asDouble()).isCloseTo(expected[2], offset(0.6));
        assertThat(box.get("y2").asDouble()).isCloseTo(expected[3], offset(0.6));
    }

    /** The boxes as a v8 head block [4 + 2 classes][anchors] in the model's input pixels. */
    private static float[] v8(Letterbox lb) {
        int n = FRAME_BOXES.length;
        float[] block = new float[6 * n];
        for (int a = 0; a < n; a++) {
            float[] box = FRAME_BOXES[a];
            float x1 = toInput(box[0], lb.scale(), lb.padX());
            float y1 = toInput(box[1], lb.scale(), lb.padY());
            float x2 = toInput(box[2], lb.scale(), lb.padX());
            float y2 = toInput(box[3], lb.scale(), lb.padY());
            float[] column = {(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1, box[4], box[5]};
            for (int k = 0; k < 6; k++) {
                block[k * n + a] = column[k];
            }
        }
        return block;
    }

    /**
     * End-to-end rows (x1, y1, x2, y2, score, class id) after the model's own NMS: the duplicate is gone, unused rows
     * are zero. {@code carId} is the car's class id (1 with the two-name metadata, 2 in COCO).
     */
    private static float[] end2end(Letterbox lb, int carId) {
        List<float[]> rows = new ArrayList<>();
        for (int a = 0; a < FRAME_BOXES.length; a++) {
            if (a == 1) {
                continue;
            }
            float[] box = FRAME_BOXES[a];
            boolean car = box[5] > box[4];
            rows.add(new float[] {toInput(box[0], lb.scale(), lb.padX()), toInput(box[1], lb.scale(), lb.padY()),
                    toInput(box[2], lb.scale(), lb.padX()), toInput(box[3], lb.scale(), lb.padY()),
                    Math.max(box[4], box[5]), car ? carId : 0});
        }
        float[] block = new float[300 * 6];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, block, r * 6, 6);
        }
        return block;
    }

    private static float toInput(float framePixels, double scale, int pad) {
        return (float) (framePixels * scale + pad);
    }
}
