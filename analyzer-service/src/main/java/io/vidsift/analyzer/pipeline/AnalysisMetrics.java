package io.vidsift.analyzer.pipeline;

import io.vidsift.analyzer.inference.InferenceDevice;
import io.vidsift.analyzer.inference.RunTimer;
import io.vidsift.common.messages.AnalysisStatus;

/**
 * What {@link VideoAnalyzer} reports while it works, kept free of any metrics library so the pipeline stays plain
 * Java; the service backs it with Micrometer meters resolved once at start-up. Methods are called from decoding
 * and scoring threads (segments run in parallel): implementations must be thread-safe and allocation-free.
 */
public interface AnalysisMetrics {

    AnalysisMetrics NONE = new AnalysisMetrics() {
        @Override
        public void frameSampled() {
        }

        @Override
        public RunTimer inference(InferenceDevice device) {
            return RunTimer.NONE;
        }

        @Override
        public void analyzed(AnalysisStatus status, long nanos) {
        }
    };

    /** One sampled frame handed to the scorers (called per frame: must cost no more than an atomic add). */
    void frameSampled();

    /** The timer for the batches run on {@code device}; looked up once per scorer, not per batch. */
    RunTimer inference(InferenceDevice device);

    /** One video finished with {@code status} after {@code nanos} end to end (every VideoAnalyzed, failures included). */
    void analyzed(AnalysisStatus status, long nanos);
}
