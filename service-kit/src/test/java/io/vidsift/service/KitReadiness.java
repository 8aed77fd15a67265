package io.vidsift.service;

import jakarta.enterprise.context.ApplicationScoped;

/** A readiness check in this kit's own interface, as the downloader and the analyzer write them. */
@ApplicationScoped
public class KitReadiness implements HealthCheck {

    @Override
    public String name() {
        return "kit";
    }

    @Override
    public Status check() {
        return Status.up("fine");
    }
}
