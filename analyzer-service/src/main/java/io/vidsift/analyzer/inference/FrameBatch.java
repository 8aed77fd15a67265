package io.vidsift.analyzer.inference;

import io.vidsift.analyzer.frames.SampledFrame;

/**
 * The bookkeeping every batching scorer shares: which sampled frames fill the current batch's slots, and how much
 * time went into converting frames and into {@code session.run}. The scorer owns the tensor memory; this owns
 * the counting, so the two scorers cannot drift apart in how they time or flush a batch.
 */
final class FrameBatch {

    private final int[] indexes;
    private final double[] offsets;
    private final RunTimer runTimer;
    private int size;
    private long preprocessNanos;
    private long inferenceNanos;

    FrameBatch(int capacity, RunTimer runTimer) {
        this.indexes = new int[capacity];
        this.offsets = new double[capacity];
        this.runTimer = runTimer;
    }

    int capacity() {
        return indexes.length;
    }

    /** Frames in the batch; also the slot the next frame is converted into. */
    int size() {
        return size;
    }

    int index(int slot) {
        return indexes[slot];
    }

    double offset(int slot) {
        return offsets[slot];
    }

    /** Records the frame just converted into slot {@link #size()}; true when the batch is now full. */
    boolean added(SampledFrame frame, long convertStartedNanos) {
        return added(frame.index(), frame.offsetSeconds(), convertStartedNanos);
    }

    /** The same for a frame known by its index and offset (one the activity gate held back). */
    boolean added(int index, double offsetSeconds, long convertStartedNanos) {
        indexes[size] = index;
        offsets[size] = offsetSeconds;
        size++;
        preprocessNanos += System.nanoTime() - convertStartedNanos;
        return size == indexes.length;
    }

    /** Empties the batch after the {@code session.run} that started at {@code runStartedNanos}. */
    void ran(long runStartedNanos) {
        size = 0;
        long took = System.nanoTime() - runStartedNanos;
        inferenceNanos += took;
        runTimer.record(took);
    }

    long preprocessNanos() {
        return preprocessNanos;
    }

    long inferenceNanos() {
        return inferenceNanos;
    }
}
