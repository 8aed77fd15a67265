package io.vidsift.analyzer.inference;

/**
 * One batch buffer of the detector: its input tensor memory, which frames fill its slots, and the letterbox
 * (with the frame size) those frames were fitted with, needed to map boxes back to frame pixels.
 */
final class DetectorBatch {

    final DetectorInput input;
    final FrameBatch slots;
    Letterbox letterbox;
    int frameWidth;
    int frameHeight;
    /** The letterbox whose grey borders the buffer holds; borders are painted again only when it changes. */
    Letterbox paddedFor;

    DetectorBatch(DetectorInput input, FrameBatch slots) {
        this.input = input;
        this.slots = slots;
    }
}
