package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidsift.common.config.ConfigProblem;
import io.vidsift.common.config.InvalidConfigException;
import io.vidsift.common.messages.MessageCodec;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Talks to a planner (submit) and an aggregator (status, jobs) over HTTP, local or deployed. Every request carries
 * the endpoint's API key as a bearer token; no message this class builds contains it.
 */
final class JobClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MessageCodec codec = new MessageCodec();

    /**
     * Submits a job; a 400 becomes {@link InvalidConfigException} with the planner's problems.
     *
     * @param idempotencyKey sent as {@code Idempotency-Key} (null: none), so a repeated submission of the same job
     *                       answers with the job already planned instead of planning it twice
     */
    JsonNode submit(Endpoint planner, String yaml, Boolean dryRun, String outputDir, String idempotencyKey) {
        URI uri = URI.create(planner.url() + "/jobs" + query(dryRun, outputDir));
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri), planner).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = send(request.build());
        JsonNode body = json(response.body());
        // 202: planned now; 200: the planner already had this Idempotency-Key and answers with that job.
        if (response.statusCode() == 202 || response.statusCode() == 200) {
            return body;
        }
        if (response.statusCode() == 400 && body.has("errors")) {
            List<ConfigProblem> problems = new ArrayList<>();
            body.get("errors").forEach(e -> problems.add(new ConfigProblem(e.path("path").asText(), e.path("message").asText())));
            throw new InvalidConfigException(problems);
        }
        throw refused("planner", uri, response);
    }

    /** The query that overrides dry_run and output.dir; part of what the idempotency key covers. */
    static String query(Boolean dryRun, String outputDir) {
        StringBuilder query = new StringBuilder();
        if (dryRun != null) {
            query.append("dry_run=").append(dryRun);
        }
        if (outputDir != null) {
            query.append(query.isEmpty() ? "" : "&").append("output_dir=").append(URLEncoder.encode(outputDir, StandardCharsets.UTF_8));
        }
        return query.isEmpty() ? "" : "?" + query;
    }

    /** The aggregator's view of a job, or empty while it cannot tell yet. */
    Optional<JsonNode> status(Endpoint aggregator, String jobId) {
        URI uri = URI.create(aggregator.url() + "/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8));
        HttpResponse<String> response = send(authorized(HttpRequest.newBuilder(uri), aggregator).timeout(Duration.ofSeconds(10)).GET().build());
        // 404: the job's JobPlanned has not reached the aggregator yet; 503: it is rebuilding its state.
        if (response.statusCode() == 404 || response.statusCode() == 503) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw refused("aggregator", uri, response);
        }
        return Optional.of(json(response.body()));
    }

    /**
     * One page of the aggregator's job list. It answers {@code {"jobs": [...], "next_after": id|null}}; an older
     * aggregator answers a plain array of every job, read as a single page.
     */
    JobPage jobs(Endpoint aggregator, int limit, String after) {
        URI uri = URI.create(aggregator.url() + "/jobs?limit=" + limit
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
        HttpResponse<String> response = send(authorized(HttpRequest.newBuilder(uri), aggregator).timeout(Duration.ofSeconds(30)).GET().build());
        if (response.statusCode() == 503) {
            throw new StackException("the aggregator at " + aggregator + " is rebuilding its job state; try again in a few seconds");
        }
        if (response.statusCode() != 200) {
            throw refused("aggregator", uri, response);
        }
        return JobPage.of(json(response.body()));
    }

    record JobPage(List<JsonNode> jobs, String nextAfter) {

        static JobPage of(JsonNode body) {
            JsonNode array = body.isArray() ? body : body.path("jobs");
            List<JsonNode> jobs = new ArrayList<>();
            array.forEach(jobs::add);
            JsonNode next = body.path("next_after");
            return new JobPage(jobs, next.isTextual() && !next.asText().isBlank() ? next.asText() : null);
        }
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, Endpoint endpoint) {
        return endpoint.apiKey() == null ? request : request.header("Authorization", "Bearer " + endpoint.apiKey());
    }

    private static StackException refused(String service, URI uri, HttpResponse<String> response) {
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return new StackException(service + " at " + uri + " refused the API key (HTTP " + response.statusCode()
                    + "): pass --api-key or set " + ApiOptions.API_KEY_ENV);
        }
        return new StackException(service + " answered HTTP " + response.statusCode() + " at " + uri + ": " + response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StackException("cannot reach " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }

    private JsonNode json(String body) {
        try {
            return codec.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return codec.mapper().createObjectNode().put("raw", body);
        }
    }
}
