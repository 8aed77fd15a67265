package io.vidsift.planner;

import io.vidsift.common.messages.JobPlanned;

/** How far the publishing of one plan got. {@code published} counts work items acknowledged by the broker. */
record PlanStatus(JobPlanned planned, String state, long published, String error) {

    static final String PUBLISHING = "publishing";
    static final String PUBLISHED = "published";
    static final String FAILED = "failed";

    long total() {
        return planned.chunks() + planned.files();
    }

    PlanStatus progressed(long published) {
        return new PlanStatus(planned, published == total() ? PUBLISHED : PUBLISHING, published, null);
    }

    PlanStatus failed(String error) {
        return new PlanStatus(planned, FAILED, published, error);
    }
}
