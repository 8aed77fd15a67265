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

    /** @param out one frame's output: [4+C][N] for v8, [N][5+C] for v5 */
    public List<Box> decode(float[][] out, Letterbox letterbox, int frameWidth, int frameHeight) {
        List<Box> candidates = new ArrayList<>();
        boolean v8 = layout.kind() == YoloLayout.Kind.V8;
        int first = v8 ? 4 : 5;
        for (int n = 0; n < layout.anchors(); n++) {
            float objectness = v8 ? 1f : out[n][4];
            if (objectness < scoreThreshold) {
                continue;
            }
            int best = -1;
            float bestScore = 0;
            for (int c = 0; c < layout.classes(); c++) {
                float s = (v8 ? out[first + c][n] : out[n][first + c]) * objectness;
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            if (best < 0 || bestScore < scoreThreshold || !wanted[best]) {
                continue;
            }
            float cx = v8 ? out[0][n] : out[n][0];
            float cy = v8 ? out[1][n] : out[n][1];
            float w = v8 ? out[2][n] : out[n][2];
            float h = v8 ? out[3][n] : out[n][3];
            float x1 = clamp(letterbox.toFrameX(cx - w / 2), frameWidth);
            float y1 = clamp(letterbox.toFrameY(cy - h / 2), frameHeight);
            float x2 = clamp(letterbox.toFrameX(cx + w / 2), frameWidth);
            float y2 = clamp(letterbox.toFrameY(cy + h / 2), frameHeight);
            if (x2 <= x1 || y2 <= y1) {
                continue;
            }
            candidates.add(new Box(classNames.get(best), best, bestScore, x1, y1, x2, y2));
        }
        return nms(candidates, iouThreshold);
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
