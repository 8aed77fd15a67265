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

/** Talks to a planner (submit) and an aggregator (status) over HTTP, local or deployed. */
final class JobClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MessageCodec codec = new MessageCodec();

    /** Submits a job; a 400 becomes {@link InvalidConfigException} with the planner's problems. */
    JsonNode submit(String plannerUrl, String yaml, Boolean dryRun, String outputDir) {
        StringBuilder query = new StringBuilder();
        if (dryRun != null) {
            query.append("dry_run=").append(dryRun);
        }
        if (outputDir != null) {
            query.append(query.isEmpty() ? "" : "&").append("output_dir=").append(URLEncoder.encode(outputDir, StandardCharsets.UTF_8));
        }
        URI uri = URI.create(trim(plannerUrl) + "/jobs" + (query.isEmpty() ? "" : "?" + query));
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build());
        JsonNode body = json(response.body());
        if (response.statusCode() == 202) {
            return body;
        }
        if (response.statusCode() == 400 && body.has("errors")) {
            List<ConfigProblem> problems = new ArrayList<>();
            body.get("errors").forEach(e -> problems.add(new ConfigProblem(e.path("path").asText(), e.path("message").asText())));
            throw new InvalidConfigException(problems);
        }
        throw new StackException("planner answered HTTP " + response.statusCode() + " at " + uri + ": " + response.body());
    }

    /** The aggregator's view of a job, or empty while it cannot tell yet. */
    Optional<JsonNode> status(String aggregatorUrl, String jobId) {
        URI uri = URI.create(trim(aggregatorUrl) + "/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
        // 404: the job's JobPlanned has not reached the aggregator yet; 503: it is rebuilding its state.
        if (response.statusCode() == 404 || response.statusCode() == 503) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new StackException("aggregator answered HTTP " + response.statusCode() + " at " + uri);
        }
        return Optional.of(json(response.body()));
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

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
