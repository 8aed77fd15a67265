package io.vidsift.analyzer.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A detector-shaped ONNX graph whose output is a known constant block per image, whatever the pixels: the exact
 * input/output interface of a real export (names, element types, batch, height, width, metadata) without its
 * weights, so a test knows which boxes the analyzer must find. The output depends on the input (a zero-weighted mean
 * of it) so the batch dimension flows through as in a real model.
 */
public final class KnownBoxesGraph {

    private Object batch = "N";
    private Object height = 64;
    private Object width = 64;
    private boolean halfInput;
    private boolean halfOutput;
    private long[] block;
    private float[] values;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** @param block per-image output shape, e.g. {6, anchors} (v8), {anchors, 7} (v5), {300, 6} (end-to-end) */
    public KnownBoxesGraph(long[] block, float[] values) {
        this.block = block;
        this.values = values;
    }

    /** A number for a fixed batch, a name for a dynamic one. */
    public KnownBoxesGraph batch(Object batch) {
        this.batch = batch;
        return this;
    }

    /** Input height and width: numbers, or names for dynamic dimensions. */
    public KnownBoxesGraph input(Object height, Object width) {
        this.height = height;
        this.width = width;
        return this;
    }

    /** float16 input and output, as {@code half=True} exports have. */
    public KnownBoxesGraph half() {
        this.halfInput = true;
        this.halfOutput = true;
        return this;
    }

    public KnownBoxesGraph metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public byte[] build() {
        OnnxGraph g = new OnnxGraph("known-boxes");
        g.input("images", halfInput ? OnnxGraph.Type.FLOAT16 : OnnxGraph.Type.FLOAT, batch, 3, height, width);
        g.output("output0", halfOutput ? OnnxGraph.Type.FLOAT16 : OnnxGraph.Type.FLOAT, batch, block[0], block[1]);
        metadata.forEach(g::metadata);
        g.floats("boxes", new long[] {1, block[0], block[1]}, values);
        g.floats("zero", new long[] {}, 0f);
        g.longs("column", new long[] {3}, -1, 1, 1);
        String pixels = "images";
        if (halfInput) {
            g.node("Cast", List.of("images"), List.of("images_f"), "to", (long) OnnxGraph.Type.FLOAT.code);
            pixels = "images_f";
        }
        g.node("ReduceMean", List.of(pixels), List.of("mean"), "axes", new long[] {1, 2, 3}, "keepdims", 0L);
        g.node("Mul", List.of("mean", "zero"), List.of("nothing"));
        g.node("Reshape", List.of("nothing", "column"), List.of("n11"));
        if (halfOutput) {
            g.node("Add", List.of("n11", "boxes"), List.of("output_f"));
            g.node("Cast", List.of("output_f"), List.of("output0"), "to", (long) OnnxGraph.Type.FLOAT16.code);
        } else {
            g.node("Add", List.of("n11", "boxes"), List.of("output0"));
        }
        return g.toBytes();
    }
}
