package io.vidsift.analyzer.inference;

/**
 * A sampled frame already letterboxed for the detector (interleaved RGB bytes, {@code letterbox.width() x
 * letterbox.height()}), kept while the activity gate decides whether the detector should see it. The decoded
 * picture itself is only valid during the sink call, so this copy is what outlives it.
 */
record HeldFrame(int index, double offsetSeconds, int frameWidth, int frameHeight, byte[] rgb) {
}
