package io.vidsift.analyzer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Map;

import static io.vidsift.analyzer.onnx.ActivityGraph.HEIGHT;
import static io.vidsift.analyzer.onnx.ActivityGraph.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The generated graph loads in ONNX Runtime and computes what it promises, on hand-made frames. */
class ActivityGraphTest {

    @Test
    void scoresTheChangedFractionPerFrameAndPerCell() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int frameBytes = HEIGHT * WIDTH * 3;
        ByteBuffer previous = ByteBuffer.allocateDirect(frameBytes);
        ByteBuffer frames = ByteBuffer.allocateDirect(3 * frameBytes);
        fill(previous, 0, 0, WIDTH, 100);
        fill(frames, 0, 0, WIDTH, 100);                       // frame 0: same as before → 0
        fill(frames, 1, 0, WIDTH, 100);
        fill(frames, 1, 0, WIDTH / 2, 200);                   // frame 1: left half changed → 0.5
        fill(frames, 2, 0, WIDTH, 200);
        fill(frames, 2, 0, WIDTH / 2, 202);                   // frame 2: vs frame 1, only the right half changed (by 100)

        try (OrtSession session = env.createSession(ActivityGraph.build(), new OrtSession.SessionOptions());
             OnnxTensor f = OnnxTensor.createTensor(env, frames, new long[] {3, HEIGHT, WIDTH, 3}, ai.onnxruntime.OnnxJavaType.UINT8);
             OnnxTensor p = OnnxTensor.createTensor(env, previous, new long[] {1, HEIGHT, WIDTH, 3}, ai.onnxruntime.OnnxJavaType.UINT8);
             OrtSession.Result result = session.run(Map.of(ActivityGraph.FRAMES, f, ActivityGraph.PREVIOUS, p))) {
            float[] score = (float[]) result.get(ActivityGraph.SCORE).orElseThrow().getValue();
            float[][] grid = (float[][]) result.get(ActivityGraph.GRID_OUTPUT).orElseThrow().getValue();

            assertThat(score).hasSize(3);
            assertThat(score[0]).isEqualTo(0f);
            assertThat(score[1]).isCloseTo(0.5f, offset(1e-6f));
            assertThat(score[2]).isCloseTo(0.5f, offset(1e-6f));
            // 4x4 grid, row-major: frame 1 changed columns 0-1, frame 2 columns 2-3 (a 2-level change is noise).
            assertThat(grid[1]).containsExactly(1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0);
            assertThat(grid[2]).containsExactly(0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1);
        }
    }

    /** Paints columns [x0, x1) of frame {@code index} grey {@code value}. */
    private static void fill(ByteBuffer buffer, int index, int x0, int x1, int value) {
        int base = index * HEIGHT * WIDTH * 3;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = x0; x < x1; x++) {
                for (int c = 0; c < 3; c++) {
                    buffer.put(base + (y * WIDTH + x) * 3 + c, (byte) value);
                }
            }
        }
    }
}
