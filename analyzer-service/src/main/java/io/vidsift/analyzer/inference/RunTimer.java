package io.vidsift.analyzer.inference;

/**
 * Receives the duration of each {@code session.run} a scorer makes (one batch of frames, including building the
 * input tensors and reading the outputs, the same span {@link FrameScorer#inferenceNanos()} sums). Called on the
 * scoring thread once per batch, so an implementation must be cheap and thread-safe (segments score in parallel).
 */
@FunctionalInterface
public interface RunTimer {

    RunTimer NONE = nanos -> {
    };

    void record(long nanos);
}
