package io.vidsift.planner;

/** A submission's answer: the plan, and whether it was made by an earlier request with the same Idempotency-Key. */
public record Accepted(PlanStatus plan, boolean replayed) {
}
