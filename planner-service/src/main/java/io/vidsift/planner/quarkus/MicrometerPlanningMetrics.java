package io.vidsift.planner.quarkus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.messages.Topics;
import io.vidsift.planner.PlanningMetrics;
import io.vidsift.service.MetricNames;

/**
 * The planner's meters, registered once with every tag value of their closed sets, so each series is scraped
 * (at 0) from the start. Nothing from a job (names, serials, paths) becomes a tag.
 */
final class MicrometerPlanningMetrics implements PlanningMetrics {

    private final Counter[] jobs;
    private final Counter chunks;
    private final Counter videos;
    private final Counter resumed;
    private final Counter retries;

    MicrometerPlanningMetrics(MeterRegistry registry) {
        SourceMode[] modes = SourceMode.values();
        jobs = new Counter[modes.length];
        for (SourceMode mode : modes) {
            jobs[mode.ordinal()] = Counter.builder(MetricNames.PLANNER_JOBS).tag("mode", mode.key())
                    .description("jobs planned (JobPlanned acknowledged), by source mode").register(registry);
        }
        chunks = workItems(registry, Topics.CHUNKS);
        videos = workItems(registry, Topics.VIDEOS);
        resumed = Counter.builder(MetricNames.PLANNER_PLANS_RESUMED)
                .description("unfinished plans resumed from the plan journal at start-up").register(registry);
        retries = Counter.builder(MetricNames.PLANNER_PUBLISH_RETRIES)
                .description("publish attempts that failed and were retried").register(registry);
    }

    private static Counter workItems(MeterRegistry registry, String topic) {
        return Counter.builder(MetricNames.PLANNER_WORK_ITEMS).tag("topic", topic)
                .description("work items acknowledged by the broker, by topic").register(registry);
    }

    @Override
    public void jobPlanned(SourceMode mode) {
        if (mode != null) {
            jobs[mode.ordinal()].increment();
        }
    }

    @Override
    public void chunksPublished(int count) {
        chunks.increment(count);
    }

    @Override
    public void videosPublished(int count) {
        videos.increment(count);
    }

    @Override
    public void planResumed() {
        resumed.increment();
    }

    @Override
    public void publishRetried() {
        retries.increment();
    }
}
