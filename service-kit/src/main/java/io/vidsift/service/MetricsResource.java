package io.vidsift.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code /q/metrics} in the Prometheus text format (OpenMetrics when the scraper asks for it), where
 * quarkus-micrometer would serve it, so scrape configs and the k8s annotations written for Quarkus work unchanged.
 */
@Path("/q/metrics")
public class MetricsResource {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsResource(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GET
    public Response scrape(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return answer(registry, accept);
    }

    static Response answer(PrometheusMeterRegistry registry, String accept) {
        String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        return Response.ok(registry.scrape(type)).header(HttpHeaders.CONTENT_TYPE, type).build();
    }
}
