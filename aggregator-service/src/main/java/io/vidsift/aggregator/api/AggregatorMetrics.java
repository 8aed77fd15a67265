package io.vidsift.aggregator.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vidsift.aggregator.domain.JobPhase;
import io.vidsift.aggregator.domain.JobSnapshot;
import io.vidsift.common.messages.Topics;
import io.vidsift.service.MetricNames;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code vidsift_aggregator_records_total{topic}} (records folded) and {@code vidsift_aggregator_jobs{state}}
 * (jobs per state, computed when scraped). Tags are closed sets: the three topics and the five states.
 */
@ApplicationScoped
public class AggregatorMetrics {

    private final Map<String, Counter> records;

    public AggregatorMetrics(MeterRegistry registry, AggregatorService service) {
        this.records = List.of(Topics.JOBS, Topics.DOWNLOADS, Topics.ANALYSES).stream().collect(Collectors.toMap(t -> t,
                t -> Counter.builder(MetricNames.RECORDS).tag("topic", t).description("records folded into job state").register(registry)));
        Supplier<List<JobSnapshot>> jobs = () -> service.aggregator().ledger().planned();
        for (JobPhase phase : JobPhase.values()) {
            Gauge.builder(MetricNames.JOBS, jobs, all -> all.get().stream().filter(j -> j.phase() == phase).count())
                    .tag("state", phase.key()).description("jobs per state").strongReference(true).register(registry);
        }
    }

    public void folded(String topic) {
        Counter counter = records.get(topic);
        if (counter != null) {
            counter.increment();
        }
    }
}
