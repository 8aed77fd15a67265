package io.vidsift.analyzer.inference;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class YoloDecoderTest {

    private static final List<String> NAMES = List.of("person", "car");
    private static final Letterbox IDENTITY = Letterbox.of(640, 640, 640);

    /** Anchors as {cx, cy, w, h, person, car}. */
    private static final float[][] ANCHORS = {
            {100, 100, 40, 80, 0.90f, 0.01f},
            {102, 101, 40, 80, 0.80f, 0.02f},   // the same person again: suppressed
            {300, 300, 40, 80, 0.70f, 0.05f},   // another person
            {104, 100, 40, 80, 0.02f, 0.60f},   // a car overlapping person 1: other class, not suppressed by it
            {500, 500, 40, 80, 0.10f, 0.10f},   // below threshold
    };

    @Test
    void decodesV8LayoutWithClassWiseNms() {
        float[][] v8 = new float[6][ANCHORS.length];
        for (int n = 0; n < ANCHORS.length; n++) {
            for (int k = 0; k < 6; k++) {
                v8[k][n] = ANCHORS[n][k];
            }
        }
        YoloLayout layout = YoloLayout.of(new long[] {1, 6, ANCHORS.length}, 2);
        assertThat(layout.kind()).isEqualTo(YoloLayout.Kind.V8);

        List<Box> boxes = new YoloDecoder(layout, NAMES, new boolean[] {true, true}, 0.25, 0.45).decode(v8, IDENTITY, 640, 640);

        assertThat(boxes).extracting(Box::label).containsExactly("person", "person", "car");
        Box first = boxes.get(0);
        assertThat(first.score()).isEqualTo(0.90f);
        assertThat(first.x1()).isCloseTo(80f, offset(1e-3f));
        assertThat(first.y1()).isCloseTo(60f, offset(1e-3f));
        assertThat(first.x2()).isCloseTo(120f, offset(1e-3f));
        assertThat(first.y2()).isCloseTo(140f, offset(1e-3f));
    }

    @Test
    void decodesV5LayoutWithObjectnessAndClassFilter() {
        float[][] v5 = new float[ANCHORS.length][7];
        for (int n = 0; n < ANCHORS.length; n++) {
            System.arraycopy(ANCHORS[n], 0, v5[n], 0, 4);
            v5[n][4] = 1.0f;
            v5[n][5] = ANCHORS[n][4];
            v5[n][6] = ANCHORS[n][5];
        }
        v5[2][4] = 0.2f; // low objectness removes the second person
        YoloLayout layout = YoloLayout.of(new long[] {1, ANCHORS.length, 7}, 2);
        assertThat(layout.kind()).isEqualTo(YoloLayout.Kind.V5);
        assertThat(layout.classes()).isEqualTo(2);

        List<Box> persons = new YoloDecoder(layout, NAMES, new boolean[] {true, false}, 0.25, 0.45).decode(v5, IDENTITY, 640, 640);

        assertThat(persons).extracting(Box::label).containsExactly("person");
    }

    @Test
    void undoesTheLetterbox() {
        // A 1280x720 frame in a 640 input: scale 0.5, 140 px bars top and bottom.
        Letterbox lb = Letterbox.of(1280, 720, 640);
        assertThat(lb.scale()).isEqualTo(0.5);
        assertThat(lb.padY()).isEqualTo(140);
        assertThat(lb.padX()).isZero();
        float[][] v8 = {{320}, {320}, {64}, {32}, {0.9f}, {0f}};

        Box box = new YoloDecoder(YoloLayout.of(new long[] {1, 6, 1}, 2), NAMES, new boolean[] {true, true}, 0.25, 0.45)
                .decode(v8, lb, 1280, 720).get(0);

        assertThat(box.x1()).isCloseTo(576f, offset(1e-3f));
        assertThat(box.x2()).isCloseTo(704f, offset(1e-3f));
        assertThat(box.y1()).isCloseTo(328f, offset(1e-3f));
        assertThat(box.y2()).isCloseTo(392f, offset(1e-3f));
    }

    @Test
    void nmsKeepsTheBestOfOverlappingBoxesOnly() {
        List<Box> boxes = List.of(
                new Box("person", 0, 0.6f, 0, 0, 10, 10),
                new Box("person", 0, 0.9f, 1, 1, 11, 11),
                new Box("person", 0, 0.8f, 50, 50, 60, 60),
                new Box("person", 0, 0.7f, 5, 0, 15, 10)); // IoU with the best one ~0.29: kept at 0.45
        assertThat(YoloDecoder.nms(boxes, 0.45f)).extracting(Box::score).containsExactly(0.9f, 0.8f, 0.7f);
        assertThat(YoloDecoder.nms(boxes, 0.2f)).extracting(Box::score).containsExactly(0.9f, 0.8f);
    }

    @Test
    void tellsStockExportsApartWithoutClassNames() {
        assertThat(YoloLayout.of(new long[] {1, 25200, 85}, 0)).isEqualTo(new YoloLayout(YoloLayout.Kind.V5, 80, 25200));
        assertThat(YoloLayout.of(new long[] {1, 84, 8400}, 0)).isEqualTo(new YoloLayout(YoloLayout.Kind.V8, 80, 8400));
    }

    @Test
    void rejectsOutputsThatAreNotYolo() {
        assertThatThrownBy(() -> YoloLayout.of(new long[] {1, 84}, 80)).hasMessageContaining("3-D");
        assertThatThrownBy(() -> YoloLayout.of(new long[] {1, 10, 8400}, 80)).hasMessageContaining("fits neither");
    }
}
