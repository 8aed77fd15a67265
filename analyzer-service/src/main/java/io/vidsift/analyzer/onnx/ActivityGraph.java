package io.vidsift.analyzer.onnx;

import java.util.List;

/**
 * The default {@code activity} model, generated rather than downloaded. Input: a batch of RGB frames
 * ({@code frames}, uint8 [N,H,W,3]) and the frame sampled just before them ({@code previous}, [1,H,W,3]).
 * The graph converts to luma, average-pools by {@link #POOL} (cheap denoising and downscale), takes the absolute
 * difference of each frame with its predecessor, thresholds it and reports the changed fraction per frame
 * ({@code score}, [N]) and per cell of a {@link #GRID}x{@link #GRID} grid ({@code grid}, [N, GRID*GRID]).
 */
public final class ActivityGraph {

    public static final int WIDTH = 256;
    public static final int HEIGHT = 144;
    public static final int POOL = 4;
    public static final int GRID = 4;
    /** Luma change (0-255) a pooled cell needs to count as moving: above codec noise, below a person walking by. */
    public static final float THRESHOLD = 18f;

    public static final String FRAMES = "frames";
    public static final String PREVIOUS = "previous";
    public static final String SCORE = "score";
    public static final String GRID_OUTPUT = "grid";

    private ActivityGraph() {
    }

    public static byte[] build() {
        int pooledH = HEIGHT / POOL;
        int pooledW = WIDTH / POOL;
        long cellH = pooledH / GRID;
        long cellW = pooledW / GRID;
        OnnxGraph g = new OnnxGraph("vidsift-activity");
        g.input(FRAMES, OnnxGraph.Type.UINT8, "N", HEIGHT, WIDTH, 3);
        g.input(PREVIOUS, OnnxGraph.Type.UINT8, 1, HEIGHT, WIDTH, 3);
        g.output(SCORE, OnnxGraph.Type.FLOAT, "N");
        g.output(GRID_OUTPUT, OnnxGraph.Type.FLOAT, "N", GRID * GRID);

        g.floats("luma_weights", new long[] {3}, 0.299f, 0.587f, 0.114f);
        g.longs("last_axis", new long[] {1}, 3);
        g.floats("threshold", new long[] {}, THRESHOLD);
        g.longs("one", new long[] {1}, 1);
        g.longs("zero", new long[] {1}, 0);
        g.longs("minus_one", new long[] {1}, -1);
        g.longs("to_end", new long[] {1}, Long.MAX_VALUE);
        g.longs("grid_shape", new long[] {2}, -1, GRID * GRID);

        g.node("Concat", List.of(PREVIOUS, FRAMES), List.of("all"), "axis", 0L);
        g.node("Cast", List.of("all"), List.of("all_f"), "to", (long) OnnxGraph.Type.FLOAT.code);
        g.node("Mul", List.of("all_f", "luma_weights"), List.of("weighted"));
        g.node("ReduceSum", List.of("weighted", "last_axis"), List.of("luma_nhw1"), "keepdims", 1L);
        g.node("Transpose", List.of("luma_nhw1"), List.of("luma"), "perm", new long[] {0, 3, 1, 2});
        g.node("AveragePool", List.of("luma"), List.of("pooled"),
                "kernel_shape", new long[] {POOL, POOL}, "strides", new long[] {POOL, POOL});
        g.node("Slice", List.of("pooled", "one", "to_end", "zero"), List.of("current"));
        g.node("Slice", List.of("pooled", "zero", "minus_one", "zero"), List.of("before"));
        g.node("Sub", List.of("current", "before"), List.of("diff"));
        g.node("Abs", List.of("diff"), List.of("abs_diff"));
        g.node("Greater", List.of("abs_diff", "threshold"), List.of("moving"));
        g.node("Cast", List.of("moving"), List.of("moving_f"), "to", (long) OnnxGraph.Type.FLOAT.code);
        g.node("ReduceMean", List.of("moving_f"), List.of(SCORE), "axes", new long[] {1, 2, 3}, "keepdims", 0L);
        g.node("AveragePool", List.of("moving_f"), List.of("cells"),
                "kernel_shape", new long[] {cellH, cellW}, "strides", new long[] {cellH, cellW});
        g.node("Reshape", List.of("cells", "grid_shape"), List.of(GRID_OUTPUT));
        return g.toBytes();
    }
}
