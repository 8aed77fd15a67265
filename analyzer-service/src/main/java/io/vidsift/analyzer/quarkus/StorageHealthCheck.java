package io.vidsift.analyzer.quarkus;

import io.vidsift.analyzer.pipeline.StorageRetry;
import io.vidsift.service.HealthCheck;
import jakarta.enterprise.context.ApplicationScoped;

/** Readiness DOWN, with the reason, while a video waits for a full or unwritable storage to take writes again. */
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {

    private final StorageRetry retry;

    public StorageHealthCheck(StorageRetry retry) {
        this.retry = retry;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public Status check() {
        return retry.outage().map(reason -> Status.down("storage full or unwritable, retrying: " + reason))
                .orElseGet(() -> Status.up("writable"));
    }
}
