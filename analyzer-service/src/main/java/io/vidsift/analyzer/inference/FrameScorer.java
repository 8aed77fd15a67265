package io.vidsift.analyzer.inference;

import io.vidsift.analyzer.frames.SampledFrame;

import java.util.List;

/**
 * Turns sampled frames into scores with one ONNX Runtime session. Frames are converted as they arrive (the decoded
 * picture is only valid during the call) and run in batches; {@link #finish()} runs the rest.
 */
public interface FrameScorer {

    void accept(SampledFrame frame) throws Exception;

    List<FrameScore> finish() throws Exception;

    /** Nanoseconds spent converting frames into the input tensor layout. */
    long preprocessNanos();

    /** Nanoseconds spent inside session.run (and reading its outputs). */
    long inferenceNanos();

    int batchSize();
}
