package io.vidsift.service.auth;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Bearer-key authentication for a service's HTTP API, switched on per service with
 * {@code vidsift.api.auth-enabled=true} (the planner and aggregator; off by default so the simulator, downloader
 * and analyzer, which serve nothing but {@code /q/*} or a stand-in API, are untouched). Every path outside
 * {@code /q/} (health, metrics: probes and scrapers carry no key) needs {@code Authorization: Bearer <key>} with
 * the key from {@code vidsift.api-key} (env {@code VIDSIFT_API_KEY}). A refused call gets 401 and a body that says
 * only that; nothing about the presented value is logged or echoed.
 *
 * <p>It is a Vert.x route filter rather than a JAX-RS one so it runs before any resource matching or body
 * reading: an unknown path or an oversized body from an anonymous caller is a 401 too.
 */
@ApplicationScoped
public class ApiAuthFilter {

    private static final Logger LOG = Logger.getLogger(ApiAuthFilter.class);
    /** Before every other filter. */
    private static final int PRIORITY = 1000;
    static final String UNAUTHORIZED_BODY = "{\"title\":\"Unauthorized\",\"status\":401}";

    private final boolean enabled;
    private final ApiKey key;

    public ApiAuthFilter(@ConfigProperty(name = "vidsift.api.auth-enabled", defaultValue = "false") boolean enabled,
                         @ConfigProperty(name = "vidsift.api-key") Optional<String> key) {
        this.enabled = enabled;
        this.key = ApiKey.of(key);
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(this::filter, PRIORITY);
        }
    }

    void announce(@Observes StartupEvent started) {
        if (enabled && !key.configured()) {
            LOG.error("vidsift.api-key (env VIDSIFT_API_KEY) is not set: every API call outside /q/ is refused with 401");
        }
    }

    private void filter(RoutingContext rc) {
        if (isOpen(rc.normalizedPath()) || key.accepts(rc.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            rc.next();
            return;
        }
        rc.response().setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader("WWW-Authenticate", "Bearer")
                .end(UNAUTHORIZED_BODY);
    }

    /** Health and metrics stay open: Kubernetes probes and Prometheus scrapes carry no key. */
    static boolean isOpen(String normalizedPath) {
        return normalizedPath != null && (normalizedPath.equals("/q") || normalizedPath.startsWith("/q/"));
    }
}
