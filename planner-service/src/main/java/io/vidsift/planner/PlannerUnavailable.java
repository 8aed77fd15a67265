package io.vidsift.planner;

/** The planner cannot take a job right now (still reading its journal, or the journal cannot be written); retry. */
public final class PlannerUnavailable extends RuntimeException {

    public PlannerUnavailable(String message) {
        super(message, null, false, false);
    }
}
