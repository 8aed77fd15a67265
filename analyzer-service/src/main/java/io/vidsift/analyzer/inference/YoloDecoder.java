package io.vidsift.analyzer.inference;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns one frame's raw YOLO output into boxes in frame pixels: best class per anchor, score threshold, class
 * filter, letterbox undone, then class-wise non-maximum suppression. End-to-end outputs are final detections
 * already: only the threshold, the class filter and the letterbox apply.
 */
public final class YoloDecoder {

    /** More boxes than this in one frame means a broken threshold, not a crowd: bounds NMS cost. */
    static final int MAX_CANDIDATES = 3000;
    static final int MAX_DETECTIONS = 300;

    private final YoloLayout layout;
    private final List<String> classNames;
    private final boolean[] wanted;
    private final float scoreThreshold;
    private final float iouThreshold;

    /** @param wanted per class id, whether it is counted (the class filter) */
    public YoloDecoder(YoloLayout layout, List<String> classNames, boolean[] wanted, double scoreThreshold, double iouThreshold) {
        this.layout = layout;
        this.classNames = classNames;
        this.wanted = wanted;
        this.scoreThreshold = (float) scoreThreshold;
        this.iouThreshold = (float) iouThreshold;
    }

    /**
     * @param out    the output tensor's data (absolute indexing; a direct buffer ORT wrote into, or a wrapped array)
     * @param offset where this frame's block starts: [4+C][N] for v8, [N][5+C] for v5, [max_det][6] end-to-end
     */
    public List<Box> decode(FloatBuffer out, int offset, Letterbox letterbox, int frameWidth, int frameHeight) {
        if (layout.kind() == YoloLayout.Kind.END2END) {
            return decodeEnd2End(out, offset, letterbox, frameWidth, frameHeight);
        }
        int anchors = layout.anchors();
        int classes = layout.classes();
        boolean v8 = layout.kind() == YoloLayout.Kind.V8;
        int stride = v8 ? 1 : 5 + classes;
        int classStride = v8 ? anchors : 1;
        List<Box> candidates = new ArrayList<>();
        boolean[] seen = new boolean[anchors];
        for (int wantedClass = 0; wantedClass < classes; wantedClass++) {
            if (!wanted[wantedClass]) {
                continue;
            }
            for (int n = 0; n < anchors; n++) {
                int base = offset + n * stride;
                // Only anchors where a counted class clears the threshold are looked at further: one row of the
                // output instead of all 80 for a stock model, since most anchors see background.
                float objectness = v8 ? 1f : out.get(base + 4);
                int classBase = v8 ? offset + 4 * anchors + n : base + 5;
                if (seen[n] || out.get(classBase + wantedClass * classStride) * objectness < scoreThreshold) {
                    continue;
                }
                seen[n] = true;
                int best = 0;
                float bestScore = out.get(classBase);
                for (int c = 1; c < classes; c++) {
                    float sc = out.get(classBase + c * classStride);
                    if (sc > bestScore) {
                        bestScore = sc;
                        best = c;
                    }
                }
                float score = bestScore * objectness;
                if (!wanted[best] || score < scoreThreshold) {
                    continue;
                }
                float cx = out.get(v8 ? offset + n : base);
                float cy = out.get(v8 ? offset + anchors + n : base + 1);
                float w = out.get(v8 ? offset + 2 * anchors + n : base + 2);
                float h = out.get(v8 ? offset + 3 * anchors + n : base + 3);
                float x1 = clamp(letterbox.toFrameX(cx - w / 2), frameWidth);
                float y1 = clamp(letterbox.toFrameY(cy - h / 2), frameHeight);
                float x2 = clamp(letterbox.toFrameX(cx + w / 2), frameWidth);
                float y2 = clamp(letterbox.toFrameY(cy + h / 2), frameHeight);
                if (x2 > x1 && y2 > y1) {
                    candidates.add(new Box(classNames.get(best), best, score, x1, y1, x2, y2));
                }
            }
        }
        return nms(candidates, iouThreshold);
    }

    /** Rows of x1, y1, x2, y2, score, class id in input pixels; unused rows have score 0. */
    private List<Box> decodeEnd2End(FloatBuffer out, int offset, Letterbox letterbox, int frameWidth, int frameHeight) {
        List<Box> boxes = new ArrayList<>();
        for (int n = 0; n < layout.anchors(); n++) {
            int base = offset + n * 6;
            float score = out.get(base + 4);
            int cls = Math.round(out.get(base + 5));
            if (score < scoreThreshold || cls < 0 || cls >= wanted.length || !wanted[cls]) {
                continue;
            }
            float x1 = clamp(letterbox.toFrameX(out.get(base)), frameWidth);
            float y1 = clamp(letterbox.toFrameY(out.get(base + 1)), frameHeight);
            float x2 = clamp(letterbox.toFrameX(out.get(base + 2)), frameWidth);
            float y2 = clamp(letterbox.toFrameY(out.get(base + 3)), frameHeight);
            if (x2 > x1 && y2 > y1) {
                boxes.add(new Box(classNames.get(cls), cls, score, x1, y1, x2, y2));
            }
        }
        boxes.sort(Comparator.comparingDouble(Box::score).reversed());
        return boxes;
    }

    public List<Box> decode(float[] out, int offset, Letterbox letterbox, int frameWidth, int frameHeight) {
        return decode(FloatBuffer.wrap(out), offset, letterbox, frameWidth, frameHeight);
    }

    /** One frame's output as nested arrays ([4+C][N] for v8, [N][5+C] for v5); for callers that have them so. */
    public List<Box> decode(float[][] out, Letterbox letterbox, int frameWidth, int frameHeight) {
        int width = out[0].length;
        float[] flat = new float[out.length * width];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(out[i], 0, flat, i * width, width);
        }
        return decode(flat, 0, letterbox, frameWidth, frameHeight);
    }

    /** Greedy NMS per class: a box is dropped when it overlaps a better box of the same class above the IoU threshold. */
    public static List<Box> nms(List<Box> boxes, float iouThreshold) {
        List<Box> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(Box::score).reversed());
        if (sorted.size() > MAX_CANDIDATES) {
            sorted = sorted.subList(0, MAX_CANDIDATES);
        }
        List<Box> kept = new ArrayList<>();
        for (Box box : sorted) {
            boolean suppressed = false;
            for (Box k : kept) {
                if (k.classId() == box.classId() && k.iou(box) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(box);
                if (kept.size() == MAX_DETECTIONS) {
                    break;
                }
            }
        }
        return kept;
    }

    private static float clamp(float v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
