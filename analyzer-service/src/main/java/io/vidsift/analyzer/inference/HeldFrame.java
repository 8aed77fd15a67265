package io.vidsift.analyzer.inference;

/**
 * A sampled frame already letterboxed for the detector (its R, G and B planes of {@code letterbox.width() x
 * letterbox.height()} values as the input takes them: native-order floats, or bytes for a float16 input), kept while the activity gate decides whether the detector should see it. The decoded
 * picture itself is only valid during the sink call, so this copy is what outlives it.
 */
record HeldFrame(int index, double offsetSeconds, int frameWidth, int frameHeight, byte[] planes) {
}
