package io.vidsift.analyzer.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns one frame's raw YOLO output into boxes in frame pixels: best class per anchor, score threshold, class
 * filter, letterbox undone, then class-wise non-maximum suppression.
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
     * @param out    the output tensor's data, flat
     * @param offset where this frame's block starts: [4+C][N] for v8, [N][5+C] for v5
     */
    public List<Box> decode(float[] out, int offset, Letterbox letterbox, int frameWidth, int frameHeight) {
        int anchors = layout.anchors();
        int classes = layout.classes();
        boolean v8 = layout.kind() == YoloLayout.Kind.V8;
        float[] best = new float[anchors];
        int[] bestClass = new int[anchors];
        java.util.Arrays.fill(bestClass, -1);
        if (v8) {
            // Class rows are contiguous in v8 output: scan row by row (cache-friendly), keeping the best per anchor.
            for (int c = 0; c < classes; c++) {
                int row = offset + (4 + c) * anchors;
                for (int n = 0; n < anchors; n++) {
                    float s = out[row + n];
                    if (s > best[n]) {
                        best[n] = s;
                        bestClass[n] = c;
                    }
                }
            }
        } else {
            int stride = 5 + classes;
            for (int n = 0; n < anchors; n++) {
                int base = offset + n * stride;
                float objectness = out[base + 4];
                if (objectness < scoreThreshold) {
                    continue;
                }
                for (int c = 0; c < classes; c++) {
                    float s = out[base + 5 + c] * objectness;
                    if (s > best[n]) {
                        best[n] = s;
                        bestClass[n] = c;
                    }
                }
            }
        }
        List<Box> candidates = new ArrayList<>();
        for (int n = 0; n < anchors; n++) {
            int cls = bestClass[n];
            if (cls < 0 || best[n] < scoreThreshold || !wanted[cls]) {
                continue;
            }
            float cx = v8 ? out[offset + n] : out[offset + n * (5 + classes)];
            float cy = v8 ? out[offset + anchors + n] : out[offset + n * (5 + classes) + 1];
            float w = v8 ? out[offset + 2 * anchors + n] : out[offset + n * (5 + classes) + 2];
            float h = v8 ? out[offset + 3 * anchors + n] : out[offset + n * (5 + classes) + 3];
            float x1 = clamp(letterbox.toFrameX(cx - w / 2), frameWidth);
            float y1 = clamp(letterbox.toFrameY(cy - h / 2), frameHeight);
            float x2 = clamp(letterbox.toFrameX(cx + w / 2), frameWidth);
            float y2 = clamp(letterbox.toFrameY(cy + h / 2), frameHeight);
            if (x2 <= x1 || y2 <= y1) {
                continue;
            }
            candidates.add(new Box(classNames.get(cls), cls, best[n], x1, y1, x2, y2));
        }
        return nms(candidates, iouThreshold);
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
