package io.vidsift.planner;

import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.Schema;

/**
 * One record of the plan journal (topic {@code vidsift.plans}, compacted). Two keys per job keep it small: the
 * plan entry ({@code kind=plan}, key = job id) carries the JobPlanned, the state and the idempotency key and is
 * written when the job is accepted, queued and finished; the cursor entry ({@code kind=cursor}, key = job id +
 * {@code #cursor}) carries only how many work items are acknowledged and is rewritten after every batch, then
 * deleted when the plan is published. A restart folds the latest of each key back into {@link PlanStatus}.
 */
public record PlanProgress(int schema, String jobId, String kind, String state, String idempotencyKey,
                           String requestSha256, JobPlanned planned, long published) {

    public static final String PLAN = "plan";
    public static final String CURSOR = "cursor";
    private static final String CURSOR_SUFFIX = "#cursor";

    static PlanProgress plan(PlanStatus status) {
        return new PlanProgress(Schema.VERSION, status.jobId(), PLAN, status.state(), status.idempotencyKey(),
                status.requestSha256(), status.planned(), status.published());
    }

    static PlanProgress cursor(String jobId, long published) {
        return new PlanProgress(Schema.VERSION, jobId, CURSOR, null, null, null, null, published);
    }

    public String key() {
        return CURSOR.equals(kind) ? cursorKey(jobId) : jobId;
    }

    public static String cursorKey(String jobId) {
        return jobId + CURSOR_SUFFIX;
    }
}
