package io.vidsift.planner.quarkus;

import io.vidsift.common.config.ConfigProblem;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.planner.JobRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The planner's one error shape: problem+json with a title and one {path, message, line} per problem. */
@ApplicationScoped
public class Problems {

    static final String PROBLEM_JSON = "application/problem+json";

    private final MessageCodec codec;

    public Problems(MessageCodec codec) {
        this.codec = codec;
    }

    Response refused(JobRefused refused) {
        return response(status(refused.kind()), title(refused.kind()), refused.problems());
    }

    Response response(int status, String title, List<ConfigProblem> problems) {
        return Response.status(status).type(PROBLEM_JSON).entity(body(status, title, problems)).build();
    }

    String body(int status, String title, List<ConfigProblem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("status", status);
        body.put("errors", problems.stream().map(p -> Map.of("path", p.path(), "message", p.message(), "line", p.toString())).toList());
        return codec.write(body);
    }

    static int status(JobRefused.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case CONFLICT -> 409;
        };
    }

    static String title(JobRefused.Kind kind) {
        return switch (kind) {
            case INVALID -> "invalid job config";
            case TOO_LARGE -> "job too large";
            case UNSUPPORTED_TYPE -> "unsupported content type";
            case CONFLICT -> "Idempotency-Key already used";
        };
    }
}
