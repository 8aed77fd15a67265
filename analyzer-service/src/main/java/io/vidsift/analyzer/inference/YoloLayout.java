package io.vidsift.analyzer.inference;

/**
 * The two output layouts YOLO exports use. v5: [batch, anchors, 5 + classes] with an objectness column.
 * v8/v11: [batch, 4 + classes, anchors] without objectness (class scores are final).
 */
public record YoloLayout(Kind kind, int classes, int anchors) {

    public enum Kind { V5, V8 }

    /**
     * Reads the layout from the output shape. With {@code knownClasses} (from class_names) the shape must agree;
     * without, the smaller of the two last dimensions is the attribute one, which holds for every real export
     * (thousands of anchors, at most a few hundred classes).
     */
    public static YoloLayout of(long[] shape, int knownClasses) {
        if (shape.length != 3) {
            throw new IllegalArgumentException("detector output must be 3-D [batch, a, b], got " + java.util.Arrays.toString(shape));
        }
        long a = shape[1];
        long b = shape[2];
        if (knownClasses > 0) {
            if (a == 4 + knownClasses) {
                return new YoloLayout(Kind.V8, knownClasses, (int) b);
            }
            if (b == 5 + knownClasses) {
                return new YoloLayout(Kind.V5, knownClasses, (int) a);
            }
            throw new IllegalArgumentException("detector output " + java.util.Arrays.toString(shape) + " fits neither [1,4+C,N] (v8/v11) nor [1,N,5+C] (v5) for "
                    + knownClasses + " class_names");
        }
        if (a > 4 && a < b) {
            return new YoloLayout(Kind.V8, (int) a - 4, (int) b);
        }
        if (b > 5) {
            return new YoloLayout(Kind.V5, (int) b - 5, (int) a);
        }
        throw new IllegalArgumentException("cannot tell the YOLO layout of output " + java.util.Arrays.toString(shape) + "; set analysis.model.class_names");
    }
}
