package io.vidsift.aggregator.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the job state has been rebuilt from the topics: before that the status API would mislead. */
@Readiness
@ApplicationScoped
public class RebuildReadiness implements HealthCheck {

    private final AggregatorService service;

    public RebuildReadiness(AggregatorService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("aggregator-state").status(service.aggregator().ready()).build();
    }
}
