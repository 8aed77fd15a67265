package io.vidsift.analyzer.inference;

/**
 * How a worker runs the detector (its own settings, not the job's).
 *
 * @param gateActivity   the activity gate: the detector sees only clips where some frame's activity (the changed
 *                       fraction of the picture) reaches this, plus the margin; 0 switches the gate off
 * @param gateMarginSeconds seconds before and after an active clip that the detector also sees (someone entering or
 *                       leaving the picture right at a clip boundary)
 * @param pipelineDepth  detector batch buffers in flight: 1 decodes and infers in turn on one thread; 2 or more
 *                       overlap them (an inference thread and a bounded queue)
 */
public record DetectionOptions(double gateActivity, double gateMarginSeconds, int pipelineDepth) {

    /** No gate, no inference thread: every frame through the detector in turn (what tests of the detector itself use). */
    public static final DetectionOptions PLAIN = new DetectionOptions(0, 0, 1);

    public DetectionOptions {
        if (gateActivity < 0 || gateActivity > 1) {
            throw new IllegalArgumentException("detector gate activity must be within 0..1 (was " + gateActivity + ")");
        }
        if (gateMarginSeconds < 0) {
            throw new IllegalArgumentException("detector gate margin must be >= 0 seconds (was " + gateMarginSeconds + ")");
        }
        if (pipelineDepth < 1) {
            throw new IllegalArgumentException("detector pipeline depth must be >= 1 (was " + pipelineDepth + ")");
        }
    }

    public boolean gated() {
        return gateActivity > 0;
    }
}
