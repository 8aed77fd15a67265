package io.vidsift.service;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /q/health/live} and {@code /q/health/ready} in the shape SmallRye Health answers (status UP/DOWN with a
 * list of checks, HTTP 503 when down), so probes and tools written for Quarkus work unchanged.
 */
@Path("/q/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final Instance<HealthCheck> checks;

    public HealthResource(Instance<HealthCheck> checks) {
        this.checks = checks;
    }

    @GET
    public Response health() {
        return ready();
    }

    @GET
    @Path("/live")
    public Response live() {
        return answer(List.of());
    }

    @GET
    @Path("/ready")
    public Response ready() {
        List<Map<String, Object>> results = new ArrayList<>();
        for (HealthCheck check : checks) {
            HealthCheck.Status status = check.check();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", check.name());
            result.put("status", status.up() ? "UP" : "DOWN");
            result.put("data", Map.of("detail", status.detail() == null ? "" : status.detail()));
            results.add(result);
        }
        return answer(results);
    }

    private static Response answer(List<Map<String, Object>> results) {
        boolean up = results.stream().allMatch(r -> "UP".equals(r.get("status")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", results);
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
