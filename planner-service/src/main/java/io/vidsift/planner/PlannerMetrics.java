package io.vidsift.planner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.messages.Topics;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The planner's meters, resolved once at start-up with every tag value of their closed sets registered, so each
 * series is scraped (at 0) from the start:
 * <ul>
 *   <li>{@code vidsift_planner_jobs_total{mode}}: jobs planned and their JobPlanned acknowledged, by source mode
 *       ({@code hik_cloud}, {@code local});</li>
 *   <li>{@code vidsift_planner_work_items_total{topic}}: work items acknowledged by the broker, by topic
 *       ({@code vidsift.chunks} in hik_cloud mode, {@code vidsift.videos} in local mode).</li>
 * </ul>
 * The names follow {@code io.vidsift.service.MetricNames} (dotted Micrometer names, scraped with '_' and
 * {@code _total}); they live here because only the planner registers them.
 */
@ApplicationScoped
public class PlannerMetrics {

    /** Counter, tag {@code mode} (SourceMode key): jobs planned whose JobPlanned was acknowledged. Planner. */
    public static final String JOBS = "vidsift.planner.jobs";
    /** Counter, tag {@code topic} (vidsift.chunks, vidsift.videos): work items acknowledged by the broker. Planner. */
    public static final String WORK_ITEMS = "vidsift.planner.work.items";

    private final Counter[] jobs;
    private final Counter chunks;
    private final Counter videos;

    public PlannerMetrics(MeterRegistry registry) {
        SourceMode[] modes = SourceMode.values();
        jobs = new Counter[modes.length];
        for (SourceMode mode : modes) {
            jobs[mode.ordinal()] = Counter.builder(JOBS).tag("mode", mode.key())
                    .description("jobs planned (JobPlanned acknowledged), by source mode").register(registry);
        }
        chunks = workItems(registry, Topics.CHUNKS);
        videos = workItems(registry, Topics.VIDEOS);
    }

    private static Counter workItems(MeterRegistry registry, String topic) {
        return Counter.builder(WORK_ITEMS).tag("topic", topic).description("work items acknowledged by the broker, by topic")
                .register(registry);
    }

    void jobPlanned(SourceMode mode) {
        if (mode != null) {
            jobs[mode.ordinal()].increment();
        }
    }

    /** The counter of acknowledged ChunkRequested records. */
    Counter chunks() {
        return chunks;
    }

    /** The counter of acknowledged VideoReady records. */
    Counter videos() {
        return videos;
    }
}
