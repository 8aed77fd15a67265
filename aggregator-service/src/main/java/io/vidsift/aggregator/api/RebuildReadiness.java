package io.vidsift.aggregator.api;

import io.vidsift.service.HealthCheck;
import jakarta.enterprise.context.ApplicationScoped;

/** Not ready until the job state has been rebuilt from the topics: before that the status API would mislead. */
@ApplicationScoped
public class RebuildReadiness implements HealthCheck {

    private final AggregatorService service;

    public RebuildReadiness(AggregatorService service) {
        this.service = service;
    }

    @Override
    public String name() {
        return "aggregator-state";
    }

    @Override
    public Status check() {
        return service.aggregator().ready() ? Status.up("job state rebuilt from the topics")
                : Status.down("rebuilding job state from the topics");
    }
}
