package io.vidsift.aggregator.api;

import io.vidsift.aggregator.Aggregator;
import io.vidsift.aggregator.domain.JobSnapshot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * Job status for operators and the CLI. Until the start-up rebuild is done the answer would be incomplete, so it
 * is 503 with a Retry-After; an unknown job (or one whose JobPlanned has not arrived yet) is 404.
 */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final AggregatorService service;

    public JobResource(AggregatorService service) {
        this.service = service;
    }

    @GET
    public Response jobs() {
        Aggregator aggregator = service.aggregator();
        if (!aggregator.ready()) {
            return rebuilding();
        }
        List<JobStatus> jobs = aggregator.ledger().planned().stream()
                .map(job -> JobStatus.of(job, aggregator.outputDir(job))).toList();
        return Response.ok(jobs).build();
    }

    @GET
    @Path("/{id}")
    public Response job(@PathParam("id") String id) {
        Aggregator aggregator = service.aggregator();
        if (!aggregator.ready()) {
            return rebuilding();
        }
        return aggregator.ledger().snapshot(id).filter(JobSnapshot::planned)
                .map(job -> Response.ok(JobStatus.of(job, aggregator.outputDir(job))).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "unknown job " + id)).build());
    }

    private static Response rebuilding() {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "2")
                .entity(Map.of("error", "rebuilding job state from the topics")).build();
    }
}
