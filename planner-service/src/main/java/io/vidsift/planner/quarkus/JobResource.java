package io.vidsift.planner.quarkus;

import io.vidsift.common.config.ConfigProblem;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.planner.Accepted;
import io.vidsift.planner.JobPlan;
import io.vidsift.planner.JobPlanner;
import io.vidsift.planner.JobRefused;
import io.vidsift.planner.JobSubmissions;
import io.vidsift.planner.PlanStatus;
import io.vidsift.planner.PlannerUnavailable;
import io.vidsift.planner.SubmittedJob;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Job intake. {@code POST /jobs} takes the job YAML (or JSON) and answers 202 with the job id and plan counts
 * once the job is durably accepted, or a problem+json naming each refused field or limit.
 */
@Path("/jobs")
public class JobResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_ITEMS = 10_000;

    private final JobSubmissions submissions;
    private final JobPlanner planner;
    private final Problems problems;
    private final MessageCodec codec;

    public JobResource(JobSubmissions submissions, JobPlanner planner, Problems problems, MessageCodec codec) {
        this.submissions = submissions;
        this.planner = planner;
        this.problems = problems;
        this.codec = codec;
    }

    /** Takes any content type so that a wrong one gets the planner's own 415 line rather than the framework's. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                           @QueryParam("dry_run") String dryRun, @QueryParam("output_dir") String outputDir) {
        try {
            Accepted accepted = submissions.submit(new SubmittedJob(body == null ? new byte[0] : body, contentType,
                    dryRun(dryRun), outputDir, idempotencyKey));
            Response.ResponseBuilder answer = Response.accepted(codec.write(answer(accepted.plan().planned())));
            return (accepted.replayed() ? answer.header("Idempotent-Replayed", "true") : answer).build();
        } catch (JobRefused refused) {
            return problems.refused(refused);
        } catch (PlannerUnavailable unavailable) {
            return Response.fromResponse(problems.response(503, unavailable.getMessage(), List.of())).header("Retry-After", "5").build();
        }
    }

    private static Boolean dryRun(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw JobRefused.invalid("dry_run", "must be true or false");
        }
        return Boolean.valueOf(value);
    }

    private static Map<String, Object> answer(JobPlanned planned) {
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("job_id", planned.jobId());
        accepted.put("mode", planned.config().mode().key());
        accepted.put("dry_run", planned.config().dryRun());
        accepted.put("devices", planned.devices());
        accepted.put("ranges", planned.ranges());
        accepted.put("chunks", planned.chunks());
        accepted.put("files", planned.files());
        accepted.put("output_dir", planned.config().outputDir());
        return accepted;
    }

    /** What was planned for a job, how far its publishing got, with up to {@code limit} of its work items. */
    @GET
    @Path("/{id}/plan")
    @Produces(MediaType.APPLICATION_JSON)
    public Response plan(@PathParam("id") String jobId, @QueryParam("limit") @DefaultValue("1000") int limit) {
        return submissions.status(jobId).map(status -> Response.ok(codec.write(view(status, limit))).build())
                .orElseGet(() -> problems.response(404, "unknown job", List.of(new ConfigProblem("job_id", "no plan with this id"))));
    }

    private Map<String, Object> view(PlanStatus status, int limit) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", status.jobId());
        view.put("state", status.state());
        view.put("published", status.published());
        view.put("total", status.total());
        view.put("error", status.error());
        view.put("planned", status.planned());
        view.put("items", items(status, Math.max(0, Math.min(limit, MAX_ITEMS))));
        return view;
    }

    private List<Object> items(PlanStatus status, int limit) {
        List<Object> items = new ArrayList<>();
        if (limit == 0 || PlanStatus.FAILED.equals(status.state())) {
            return items;
        }
        JobPlan plan;
        try {
            plan = planner.items(status.planned());
        } catch (JobRefused gone) {
            return items;
        }
        for (ChunkRequested chunk : plan.chunks()) {
            if (items.size() >= limit) {
                return items;
            }
            items.add(Map.of("chunk_id", chunk.chunkId(), "window", chunk.window()));
        }
        for (VideoReady video : plan.videos()) {
            if (items.size() >= limit) {
                return items;
            }
            items.add(Map.of("video_id", video.videoId(), "path", video.path()));
        }
        return items;
    }
}
