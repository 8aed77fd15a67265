package io.vidsift.planner;

import io.vidsift.common.config.SourceMode;

/** What the planner counts; the service backs it with meters. */
public interface PlanningMetrics {

    PlanningMetrics NONE = new PlanningMetrics() {
    };

    /** A job's JobPlanned was acknowledged. */
    default void jobPlanned(SourceMode mode) {
    }

    default void chunksPublished(int count) {
    }

    default void videosPublished(int count) {
    }

    /** An unfinished plan was picked up again after a restart. */
    default void planResumed() {
    }

    /** A batch failed to publish and will be retried. */
    default void publishRetried() {
    }
}
