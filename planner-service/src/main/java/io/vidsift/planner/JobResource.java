package io.vidsift.planner;

import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.config.ConfigProblem;
import io.vidsift.common.config.InvalidConfigException;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoReady;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Job intake. {@code POST /jobs} takes the job YAML (or JSON), validates it, publishes the plan and answers 202
 * with the job id and plan counts, or 400 with every problem and its path.
 */
@Path("/jobs")
public class JobResource {

    private static final Logger LOG = Logger.getLogger(JobResource.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    private final ConfigLoader loader;
    private final JobPlanner planner;
    private final PlanPublisher publisher;
    private final PlanRegistry registry;
    private final MessageCodec codec;

    public JobResource(ConfigLoader loader, JobPlanner planner, PlanPublisher publisher, PlanRegistry registry, MessageCodec codec) {
        this.loader = loader;
        this.planner = planner;
        this.publisher = publisher;
        this.registry = registry;
        this.codec = codec;
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(String body, @QueryParam("dry_run") Boolean dryRun, @QueryParam("output_dir") String outputDir) {
        JobConfig job;
        try {
            job = loader.parse(body == null ? "" : body).job();
        } catch (InvalidConfigException e) {
            return problem(400, "invalid job config", e.problems());
        }
        if (dryRun != null) {
            job = job.withDryRun(dryRun);
        }
        if (outputDir != null && !outputDir.isBlank()) {
            job = job.withOutputDir(outputDir);
        }
        String jobId = Ids.newJobId();
        JobPlan plan;
        try {
            plan = planner.plan(jobId, job);
        } catch (PlanningException e) {
            return problem(400, "job cannot be planned", List.of(new ConfigProblem(e.path(), e.getMessage())));
        }
        registry.register(plan);
        publisher.publishHeader(plan);
        registry.publishInBackground(plan, publisher);
        LOG.infof("job %s planned: mode=%s dry_run=%s chunks=%d files=%d", jobId, job.mode().key(), job.dryRun(),
                plan.planned().chunks(), plan.planned().files());
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("job_id", jobId);
        accepted.put("mode", job.mode().key());
        accepted.put("dry_run", job.dryRun());
        accepted.put("devices", plan.planned().devices());
        accepted.put("ranges", plan.planned().ranges());
        accepted.put("chunks", plan.planned().chunks());
        accepted.put("files", plan.planned().files());
        accepted.put("output_dir", plan.planned().config().outputDir());
        return Response.accepted(codec.write(accepted)).build();
    }

    /** What was planned for a job, with up to {@code limit} of its work items. */
    @GET
    @Path("/{id}/plan")
    @Produces(MediaType.APPLICATION_JSON)
    public Response plan(@PathParam("id") String jobId, @QueryParam("limit") @DefaultValue("1000") int limit) {
        return registry.status(jobId).map(status -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("job_id", jobId);
            view.put("state", status.state());
            view.put("published", status.published());
            view.put("total", status.total());
            view.put("error", status.error());
            view.put("planned", status.planned());
            view.put("items", items(registry.plan(jobId).orElseThrow(), Math.max(0, limit)));
            return Response.ok(codec.write(view)).build();
        }).orElseGet(() -> problem(404, "unknown job " + jobId, List.of()));
    }

    private static List<Object> items(JobPlan plan, int limit) {
        List<Object> items = new ArrayList<>();
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

    private Response problem(int status, String title, List<ConfigProblem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("status", status);
        body.put("errors", problems.stream().map(p -> Map.of("path", p.path(), "message", p.message(), "line", p.toString())).toList());
        return Response.status(status).type(PROBLEM_JSON).entity(codec.write(body)).build();
    }
}
