package io.vidsift.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** A standard MicroProfile readiness check, as the aggregator writes them, that the test can turn down. */
@Readiness
@ApplicationScoped
public class SwitchableReadiness implements HealthCheck {

    private volatile boolean up = true;

    /** A method, not a field: the test holds a client proxy, whose own fields are not the bean's. */
    void set(boolean up) {
        this.up = up;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("switchable").status(up).withData("rebuilt", up).build();
    }
}
