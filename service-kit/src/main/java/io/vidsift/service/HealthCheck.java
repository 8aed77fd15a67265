package io.vidsift.service;

/**
 * A readiness check a service contributes as a CDI bean. Liveness is the process answering at all; readiness is
 * every check being up, e.g. "the downloader has a token source".
 */
public interface HealthCheck {

    String name();

    Status check();

    record Status(boolean up, String detail) {

        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }
}
