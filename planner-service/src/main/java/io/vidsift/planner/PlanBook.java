package io.vidsift.planner;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Every plan this planner knows (accepted here or recovered from the journal) and its idempotency keys: the
 * answer to {@code GET /jobs/{id}/plan} and to a repeated submission. Job status proper is the aggregator's.
 */
public final class PlanBook {

    private final Map<String, PlanStatus> plans = new ConcurrentHashMap<>();
    private final Map<String, String> jobsByKey = new ConcurrentHashMap<>();

    void put(PlanStatus status) {
        plans.put(status.jobId(), status);
        if (status.idempotencyKey() != null) {
            jobsByKey.put(status.idempotencyKey(), status.jobId());
        }
    }

    PlanStatus update(String jobId, UnaryOperator<PlanStatus> change) {
        return plans.computeIfPresent(jobId, (id, status) -> change.apply(status));
    }

    public Optional<PlanStatus> get(String jobId) {
        return Optional.ofNullable(plans.get(jobId));
    }

    Optional<PlanStatus> byIdempotencyKey(String key) {
        return Optional.ofNullable(jobsByKey.get(key)).map(plans::get);
    }

    /** Plans not yet completely published. */
    public long backlog() {
        return plans.values().stream().filter(status -> !status.finished()).count();
    }

    /** The last transient fault of any plan being retried, or null. */
    public String stalled() {
        return plans.values().stream().filter(s -> !s.finished() && s.error() != null)
                .map(s -> s.jobId() + ": " + s.error()).findFirst().orElse(null);
    }
}
