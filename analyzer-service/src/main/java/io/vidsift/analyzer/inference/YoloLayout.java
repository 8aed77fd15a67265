package io.vidsift.analyzer.inference;

import java.util.Arrays;

/**
 * The output layouts YOLO exports use. v5: [batch, anchors, 5 + classes] with an objectness column.
 * v8/v11: [batch, 4 + classes, anchors] without objectness (class scores are final). End-to-end (YOLOv10, YOLO26,
 * any Ultralytics export with {@code nms=True}): [batch, max_det, 6] rows of x1, y1, x2, y2, score, class id in input
 * pixels, already suppressed; {@code anchors} is then max_det and {@code classes} what the names say.
 */
public record YoloLayout(Kind kind, int classes, int anchors) {

    public enum Kind { V5, V8, END2END }

    /**
     * An end-to-end export keeps at most a few hundred detections (Ultralytics' max_det is 300); a v5 head has
     * thousands of anchors even at a 160-pixel input. So [N, rows, 6] with at most this many rows is end-to-end.
     */
    static final int MAX_END2END_ROWS = 1000;

    public static YoloLayout of(long[] shape, int knownClasses) {
        return of(shape, knownClasses, false);
    }

    /**
     * Reads the layout from the output shape. With {@code knownClasses} (from class_names or the model's metadata) the
     * shape must agree; without, the smaller of the two last dimensions is the attribute one, which holds for every
     * real export (thousands of anchors, at most a few hundred classes).
     *
     * @param end2end the model's metadata says its output holds final detections
     */
    public static YoloLayout of(long[] shape, int knownClasses, boolean end2end) {
        if (shape.length != 3) {
            throw new IllegalArgumentException("detector output must be 3-D [batch, a, b], got " + Arrays.toString(shape));
        }
        long a = shape[1];
        long b = shape[2];
        boolean rowsOfSix = b == 6 && a > 0 && a <= MAX_END2END_ROWS;
        if (rowsOfSix && (end2end || a != 4 + knownClasses)) {
            // A one-class v5 head is [N, anchors, 6] too, but with thousands of rows (MAX_END2END_ROWS).
            return new YoloLayout(Kind.END2END, knownClasses > 0 ? knownClasses : CocoClasses.NAMES.size(), (int) a);
        }
        if (knownClasses > 0) {
            if (a == 4 + knownClasses) {
                return new YoloLayout(Kind.V8, knownClasses, (int) b);
            }
            if (b == 5 + knownClasses) {
                return new YoloLayout(Kind.V5, knownClasses, (int) a);
            }
            throw new IllegalArgumentException("detector output " + Arrays.toString(shape) + " fits neither [1,4+C,N] (v8/v11), [1,N,5+C] (v5) "
                    + "nor [1,max_det,6] (end-to-end) for " + knownClasses + " class_names");
        }
        if (a > 4 && a < b) {
            return new YoloLayout(Kind.V8, (int) a - 4, (int) b);
        }
        if (b > 5) {
            return new YoloLayout(Kind.V5, (int) b - 5, (int) a);
        }
        throw new IllegalArgumentException("cannot tell the YOLO layout of output " + Arrays.toString(shape) + "; set analysis.model.class_names");
    }
}
