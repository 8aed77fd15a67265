package io.vidsift.aggregator.api;

import io.smallrye.common.annotation.Blocking;
import io.vidsift.common.messages.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The three input channels (group vidsift-aggregator). Blocking and ordered: a fold is quick, but the first records
 * wait for the start-up rebuild. A thrown exception nacks the record, which the dead-letter-queue failure strategy
 * sends to {@code <topic>.dlq}, and consumption continues.
 */
@ApplicationScoped
public class EventConsumers {

    private final AggregatorService service;
    private final AggregatorMetrics metrics;

    public EventConsumers(AggregatorService service, AggregatorMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Incoming("jobs")
    @Blocking
    public void job(String value) {
        service.accept(Topics.JOBS, value);
        metrics.folded(Topics.JOBS);
    }

    @Incoming("downloads")
    @Blocking
    public void download(String value) {
        service.accept(Topics.DOWNLOADS, value);
        metrics.folded(Topics.DOWNLOADS);
    }

    @Incoming("analyses")
    @Blocking
    public void analysis(String value) {
        service.accept(Topics.ANALYSES, value);
        metrics.folded(Topics.ANALYSES);
    }
}
