package io.vidsift.aggregator.quarkus;

import io.vidsift.aggregator.streams.AggregatorEngine;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.util.List;
import java.util.Map;

/**
 * Job status for operators and the CLI, answered by any instance from the global status store (every instance
 * reads the compacted status topic the jobs' owners publish to). Before that store is loaded the answer would be
 * incomplete, so it is 503 with a Retry-After; an unknown job (or one whose JobPlanned has not arrived yet) is 404.
 */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    static final int DEFAULT_PAGE = 100;

    private final AggregatorService service;
    private final AggregatorConfig config;

    public JobResource(AggregatorService service, AggregatorConfig config) {
        this.service = service;
        this.config = config;
    }

    /** {@code {"jobs": [status, ...], "next_after": <last job id of a full page, else null>}}, in job id order. */
    @GET
    public Response jobs(@QueryParam("limit") Integer limit, @QueryParam("after") String after) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > config.maxPage()) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "limit must be between 1 and " + config.maxPage() + ", got " + size)).build();
        }
        AggregatorEngine engine = service.engine();
        List<KeyValue<String, String>> page;
        try {
            page = engine.statuses(after == null || after.isEmpty() ? null : after, size);
        } catch (InvalidStateStoreException e) {
            return loading();
        }
        StringBuilder body = new StringBuilder(256 + page.size() * 1024).append("{\"jobs\":[");
        for (int i = 0; i < page.size(); i++) {
            body.append(i == 0 ? "" : ",").append(page.get(i).value);
        }
        String next = page.size() == size ? page.get(page.size() - 1).key : null;
        body.append("],\"next_after\":").append(next == null ? "null" : quote(next)).append('}');
        return Response.ok(body.toString()).build();
    }

    @GET
    @Path("/{id}")
    public Response job(@PathParam("id") String id) {
        try {
            return service.engine().status(id).map(json -> Response.ok(json).build())
                    .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "unknown job " + id)).build());
        } catch (InvalidStateStoreException e) {
            return loading();
        }
    }

    private static Response loading() {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "2")
                .entity(Map.of("error", "job status store is loading")).build();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
