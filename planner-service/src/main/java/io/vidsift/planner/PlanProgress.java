package io.vidsift.planner;

import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.Schema;

/**
 * One record of the plan journal (topic {@code vidsift.plans}, compacted). Two keys per job keep it small: the
 * plan entry ({@code kind=plan}, key = job id) carries the JobPlanned, the state and the idempotency key and is
 * written when the job is accepted, queued and finished; the cursor entry ({@code kind=cursor}, key = job id +
 * {@code #cursor}) carries only how many work items are acknowledged and is rewritten after every batch, then
 * deleted when the plan is published. A job whose devices go in parts ({@link DeviceParts}) has one more key per
 * part ({@code kind=devices}, key = job id + {@code #devices#} + part), written once, before its plan entry, and
 * deleted with it; its plan entry carries the JobPlanned without devices. A restart folds the latest of each key
 * back into {@link PlanStatus}.
 */
public record PlanProgress(int schema, String jobId, String kind, String state, String idempotencyKey,
                           String requestSha256, JobPlanned planned, long published, JobDevices devices) {

    public static final String PLAN = "plan";
    public static final String CURSOR = "cursor";
    public static final String DEVICES = "devices";
    private static final String CURSOR_SUFFIX = "#cursor";
    private static final String DEVICES_INFIX = "#devices#";

    static PlanProgress plan(PlanStatus status) {
        return new PlanProgress(Schema.VERSION, status.jobId(), PLAN, status.state(), status.idempotencyKey(),
                status.requestSha256(), status.header(), status.published(), null);
    }

    static PlanProgress cursor(String jobId, long published) {
        return new PlanProgress(Schema.VERSION, jobId, CURSOR, null, null, null, null, published, null);
    }

    static PlanProgress devices(JobDevices part) {
        return new PlanProgress(Schema.VERSION, part.jobId(), DEVICES, null, null, null, null, 0, part);
    }

    public String key() {
        if (CURSOR.equals(kind)) {
            return cursorKey(jobId);
        }
        return DEVICES.equals(kind) ? devicesKey(jobId, devices.part()) : jobId;
    }

    public static String devicesKey(String jobId, int part) {
        return jobId + DEVICES_INFIX + part;
    }

    public static String cursorKey(String jobId) {
        return jobId + CURSOR_SUFFIX;
    }
}
