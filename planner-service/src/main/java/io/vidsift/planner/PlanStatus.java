package io.vidsift.planner;

import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;

import java.util.List;

/**
 * Where one plan stands. {@code published} counts work items acknowledged by the broker; {@code error} is the
 * last transient fault while it is being retried (or why a plan failed for good). {@code requestSha256} is the
 * digest of the submission, so a repeated Idempotency-Key can be told from a reused one. {@code planned} always
 * holds every device (the work items are made from it); when they travel in {@code parts} ({@link DeviceParts}),
 * {@link #header()} is the JobPlanned as published and journaled, without them.
 */
public record PlanStatus(JobPlanned planned, String state, long published, String error, String idempotencyKey,
                         String requestSha256, List<JobDevices> parts) {

    /** Recorded; its JobPlanned is not known to be acknowledged yet. */
    public static final String ACCEPTED = "accepted";
    /** JobPlanned acknowledged; waiting for its turn. */
    public static final String QUEUED = "queued";
    public static final String PUBLISHING = "publishing";
    public static final String PUBLISHED = "published";
    /** Cannot be planned any more (a local input dir that went away); final. */
    public static final String FAILED = "failed";

    public String jobId() {
        return planned.jobId();
    }

    /** The JobPlanned as it travels: {@code planned} itself, or without its devices when they go in parts. */
    public JobPlanned header() {
        return DeviceParts.header(planned);
    }

    public long total() {
        return planned.chunks() + planned.files();
    }

    public boolean finished() {
        return PUBLISHED.equals(state) || FAILED.equals(state);
    }

    PlanStatus in(String state) {
        return new PlanStatus(planned, state, published, null, idempotencyKey, requestSha256, parts);
    }

    PlanStatus progressed(long published) {
        return new PlanStatus(planned, PUBLISHING, published, null, idempotencyKey, requestSha256, parts);
    }

    PlanStatus retrying(String error) {
        return new PlanStatus(planned, state, published, error, idempotencyKey, requestSha256, parts);
    }

    PlanStatus failed(String error) {
        return new PlanStatus(planned, FAILED, published, error, idempotencyKey, requestSha256, parts);
    }

    PlanStatus withDevices(JobPlanned planned, List<JobDevices> parts) {
        return new PlanStatus(planned, state, published, error, idempotencyKey, requestSha256, parts);
    }
}
