package io.vidsift.aggregator.quarkus;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when this instance can no longer do its work by itself: Kafka Streams failed or stopped, or the file
 * writer thread is gone. The orchestrator then restarts the process; another instance runs the tasks meanwhile.
 */
@Liveness
@ApplicationScoped
public class AggregatorLivenessHealthCheck implements HealthCheck {

    private final AggregatorService service;

    public AggregatorLivenessHealthCheck(AggregatorService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("aggregator-alive").status(service.engine().alive())
                .withData("kafka_streams", service.engine().state().name()).build();
    }
}
