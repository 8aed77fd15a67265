package io.vidsift.planner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The plans this planner instance made and how far their publishing got. It is a convenience view: the durable
 * record of a job is its JobPlanned on {@code vidsift.jobs}, and job status belongs to the aggregator.
 * Plans publish one at a time on one thread so that two large jobs do not interleave their chunks.
 */
@ApplicationScoped
public class PlanRegistry {

    private final Map<String, PlanStatus> plans = new ConcurrentHashMap<>();
    private final Map<String, JobPlan> items = new ConcurrentHashMap<>();
    private final ExecutorService publishing = Executors.newSingleThreadExecutor(r -> new Thread(r, "plan-publisher"));

    void register(JobPlan plan) {
        plans.put(plan.planned().jobId(), new PlanStatus(plan.planned(), PlanStatus.PUBLISHING, 0, null));
        items.put(plan.planned().jobId(), plan);
    }

    void publishInBackground(JobPlan plan, PlanPublisher publisher) {
        String jobId = plan.planned().jobId();
        publishing.submit(() -> {
            try {
                publisher.publishItems(plan, count -> plans.computeIfPresent(jobId, (id, status) -> status.progressed(count)));
            } catch (RuntimeException e) {
                plans.computeIfPresent(jobId, (id, status) -> status.failed(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        });
    }

    Optional<PlanStatus> status(String jobId) {
        return Optional.ofNullable(plans.get(jobId));
    }

    Optional<JobPlan> plan(String jobId) {
        return Optional.ofNullable(items.get(jobId));
    }

    @PreDestroy
    void stop() {
        publishing.shutdownNow();
    }
}
