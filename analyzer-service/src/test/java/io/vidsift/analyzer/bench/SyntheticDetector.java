package io.vidsift.analyzer.bench;

import io.vidsift.analyzer.onnx.OnnxGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A YOLOv8-shaped stand-in for a real detector, for bench/inference (no COCO detector in ONNX form is reachable
 * from here): a 640x640 input, a strided conv backbone of about 4 GMAC (YOLOv8n is 4.4), three heads concatenated
 * into the v8 output [N, 84, 8400]. Seeded random
 * weights; class logits are biased low so, like a real model on an empty scene, almost nothing passes the
 * score threshold.
 */
public final class SyntheticDetector {

    public static final int INPUT = 640;
    public static final int CLASSES = 80;

    private SyntheticDetector() {
    }

    /** Class logits biased to -8: like a real model on an empty scene, almost nothing passes the threshold. */
    public static byte[] build() {
        return build(-8f);
    }

    /**
     * @param classBias the class logits' bias; around -2 some anchors pass the threshold depending on the pixels,
     *                  so the same frame gives the same boxes and different frames different ones (what
     *                  bench/inference compares between gated and ungated runs)
     */
    public static byte[] build(float classBias) {
        Random random = new Random(42);
        OnnxGraph g = new OnnxGraph("synthetic-yolov8");
        g.input("images", OnnxGraph.Type.FLOAT, "N", 3, INPUT, INPUT);
        g.output("output0", OnnxGraph.Type.FLOAT, "N", 4 + CLASSES, 8400);
        String x = conv(g, random, "images", "c1", 3, 32, 3, 2, false, classBias);
        x = conv(g, random, x, "c2", 32, 64, 3, 2, false, classBias);
        x = conv(g, random, x, "c2b", 64, 64, 3, 1, false, classBias);
        String p3 = conv(g, random, x, "c3", 64, 128, 3, 2, false, classBias);
        p3 = conv(g, random, p3, "c3b", 128, 128, 3, 1, false, classBias);
        String p4 = conv(g, random, p3, "c4", 128, 256, 3, 2, false, classBias);
        String p5 = conv(g, random, p4, "c5", 256, 512, 3, 2, false, classBias);
        g.longs("head_shape", new long[] {3}, 0, 4 + CLASSES, -1);
        List<String> heads = new ArrayList<>();
        int[] channels = {128, 256, 512};
        String[] levels = {p3, p4, p5};
        for (int i = 0; i < 3; i++) {
            String h = conv(g, random, levels[i], "h" + i, channels[i], 4 + CLASSES, 1, 1, true, classBias);
            g.node("Reshape", List.of(h, "head_shape"), List.of(h + "_flat"));
            heads.add(h + "_flat");
        }
        g.node("Concat", heads, List.of("logits"), "axis", 2L);
        g.node("Sigmoid", List.of("logits"), List.of("unit"));
        // Box rows in input pixels, as real exports have them (a box of 0..1 px would fall outside the picture).
        float[] scale = new float[4 + CLASSES];
        java.util.Arrays.fill(scale, 1f);
        java.util.Arrays.fill(scale, 0, 4, INPUT);
        g.floats("row_scale", new long[] {1, 4 + CLASSES, 1}, scale);
        g.node("Mul", List.of("unit", "row_scale"), List.of("output0"));
        return g.toBytes();
    }

    private static String conv(OnnxGraph g, Random random, String in, String name, int cin, int cout, int k, int stride, boolean head,
                               float classBias) {
        float[] w = new float[cout * cin * k * k];
        double std = Math.sqrt(2.0 / (cin * k * k));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * std * (head ? 0.1 : 1));
        }
        float[] b = new float[cout];
        if (head) {
            for (int c = 4; c < cout; c++) {
                b[c] = classBias;
            }
        }
        g.floats(name + "_w", new long[] {cout, cin, k, k}, w);
        g.floats(name + "_b", new long[] {cout}, b);
        int pad = k / 2;
        g.node("Conv", List.of(in, name + "_w", name + "_b"), List.of(name + "_conv"),
                "kernel_shape", new long[] {k, k}, "strides", new long[] {stride, stride}, "pads", new long[] {pad, pad, pad, pad});
        if (head) {
            return name + "_conv";
        }
        g.node("Relu", List.of(name + "_conv"), List.of(name));
        return name;
    }
}
