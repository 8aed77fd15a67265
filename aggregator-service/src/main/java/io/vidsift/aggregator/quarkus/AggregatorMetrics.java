package io.vidsift.aggregator.quarkus;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vidsift.aggregator.domain.JobPhase;
import io.vidsift.aggregator.streams.AggregatorEngine;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.service.MetricNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * {@code vidsift_aggregator_records_total{topic}} (events folded by this instance),
 * {@code vidsift_aggregator_file_writes_total{kind}} and {@code vidsift_aggregator_file_write_seconds_total{kind}}
 * (a job's files written by this instance, progress or final, and the time it took) and
 * {@code vidsift_aggregator_jobs{state}} (jobs per state over all instances, from the status store, computed
 * when scraped). Tags are closed sets: the three topics, the two kinds and the five states.
 */
@ApplicationScoped
public class AggregatorMetrics {

    private final MeterRegistry registry;
    private final AggregatorService service;
    private final MessageCodec codec;

    public AggregatorMetrics(MeterRegistry registry, AggregatorService service, MessageCodec codec) {
        this.registry = registry;
        this.service = service;
        this.codec = codec;
    }

    void register(@Observes StartupEvent event) {
        AggregatorEngine engine = service.engine();
        for (String topic : List.of(Topics.JOBS, Topics.DOWNLOADS, Topics.ANALYSES)) {
            FunctionCounter.builder(MetricNames.RECORDS, engine, e -> e.signals().foldedCount(topic)).tag("topic", topic)
                    .description("records folded into job state").register(registry);
        }
        for (boolean complete : new boolean[]{false, true}) {
            String kind = complete ? "final" : "progress";
            FunctionCounter.builder(MetricNames.FILE_WRITES, engine, e -> e.signals().writeCount(complete)).tag("kind", kind)
                    .description("a job's output files written (a running job's progress, a complete job's final ones)").register(registry);
            FunctionCounter.builder(MetricNames.FILE_WRITE_SECONDS, engine, e -> e.signals().writeSeconds(complete)).tag("kind", kind)
                    .description("seconds spent writing a job's output files").register(registry);
        }
        for (JobPhase phase : JobPhase.values()) {
            Gauge.builder(MetricNames.JOBS, engine, e -> jobs(e, phase)).tag("state", phase.key())
                    .description("jobs per state").strongReference(true).register(registry);
        }
    }

    private double jobs(AggregatorEngine engine, JobPhase phase) {
        if (!engine.ready()) {
            return Double.NaN;
        }
        long count = 0;
        String after = null;
        while (true) {
            var page = engine.statuses(after, 1000);
            for (var entry : page) {
                if (phase.key().equals(state(entry.value))) {
                    count++;
                }
            }
            if (page.size() < 1000) {
                return count;
            }
            after = page.get(page.size() - 1).key;
        }
    }

    private String state(String statusJson) {
        try {
            return codec.mapper().readTree(statusJson).path("state").asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
