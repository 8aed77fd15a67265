package io.vidsift.aggregator.quarkus;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once Kafka Streams runs (stores restored, status store loaded); down while starting, stopped or failed. */
@Readiness
@ApplicationScoped
public class AggregatorStateHealthCheck implements HealthCheck {

    private final AggregatorService service;

    public AggregatorStateHealthCheck(AggregatorService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("aggregator-state").status(service.engine().ready())
                .withData("kafka_streams", service.engine().state().name()).build();
    }
}
