package io.vidsift.service;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /q/health/live}, {@code /q/health/ready} and {@code /q/health/started} in the shape SmallRye Health answers
 * (status UP/DOWN with a list of checks, HTTP 503 when down), so probes and tools written for Quarkus work
 * unchanged. Checks are this kit's {@link HealthCheck} beans (readiness) and standard MicroProfile Health beans
 * whose class is annotated {@code @Liveness}, {@code @Readiness} or {@code @Startup}; a check that throws counts as DOWN.
 */
@Path("/q/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final Instance<HealthCheck> checks;
    private final Instance<org.eclipse.microprofile.health.HealthCheck> standard;

    public HealthResource(Instance<HealthCheck> checks, @Any Instance<org.eclipse.microprofile.health.HealthCheck> standard) {
        this.checks = checks;
        this.standard = standard;
    }

    @GET
    public Response health() {
        List<Map<String, Object>> results = new ArrayList<>(kitChecks());
        results.addAll(standardChecks(Liveness.class));
        results.addAll(standardChecks(Readiness.class));
        return answer(results);
    }

    @GET
    @Path("/live")
    public Response live() {
        return answer(standardChecks(Liveness.class));
    }

    @GET
    @Path("/ready")
    public Response ready() {
        List<Map<String, Object>> results = new ArrayList<>(kitChecks());
        results.addAll(standardChecks(Readiness.class));
        return answer(results);
    }

    @GET
    @Path("/started")
    public Response started() {
        return answer(standardChecks(Startup.class));
    }

    private List<Map<String, Object>> kitChecks() {
        List<Map<String, Object>> results = new ArrayList<>();
        for (HealthCheck check : checks) {
            HealthCheck.Status status;
            try {
                status = check.check();
            } catch (RuntimeException e) {
                status = HealthCheck.Status.down(e.toString());
            }
            results.add(result(check.name(), status.up(), Map.of("detail", status.detail() == null ? "" : status.detail())));
        }
        return results;
    }

    /**
     * The standard checks of one kind. Their annotations are read from the bean class rather than used as CDI
     * qualifiers: without the SmallRye Health extension nothing registers @Liveness/@Readiness/@Startup as
     * qualifiers with ArC (the API jar is not indexed), and selecting by them would fail.
     */
    private List<Map<String, Object>> standardChecks(Class<? extends Annotation> kind) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Instance.Handle<org.eclipse.microprofile.health.HealthCheck> handle : standard.handles()) {
            if (!handle.getBean().getBeanClass().isAnnotationPresent(kind)) {
                continue;
            }
            org.eclipse.microprofile.health.HealthCheck check = handle.get();
            try {
                HealthCheckResponse response = check.call();
                results.add(result(response.getName(), response.getStatus() == HealthCheckResponse.Status.UP,
                        response.getData().orElse(null)));
            } catch (RuntimeException e) {
                results.add(result(check.getClass().getName(), false, Map.of("exception", e.toString())));
            }
        }
        return results;
    }

    private static Map<String, Object> result(String name, boolean up, Map<String, Object> data) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("status", up ? "UP" : "DOWN");
        if (data != null && !data.isEmpty()) {
            result.put("data", data);
        }
        return result;
    }

    private static Response answer(List<Map<String, Object>> results) {
        boolean up = results.stream().allMatch(r -> "UP".equals(r.get("status")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", results);
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
