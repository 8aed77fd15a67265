package io.vidsift.planner.quarkus;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vidsift.planner.JobIntake;
import io.vidsift.planner.JobRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body whose declared length is over the limit before any of it is read, with the same one line the
 * intake gives for a body that turns out too long. Runs after authentication (an anonymous caller gets 401).
 */
@ApplicationScoped
public class BodyLimitFilter {

    /** After service-kit's authentication filter (1000). */
    private static final int PRIORITY = 900;

    private final JobIntake intake;
    private final Problems problems;

    public BodyLimitFilter(JobIntake intake, Problems problems) {
        this.intake = intake;
        this.problems = problems;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                intake.checkSize(Long.parseLong(length.strip()));
            } catch (NumberFormatException e) {
                // Vert.x refuses a malformed length itself.
            } catch (JobRefused refused) {
                int status = Problems.status(refused.kind());
                rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problems.PROBLEM_JSON)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problems.body(status, Problems.title(refused.kind()), refused.problems()));
                return;
            }
        }
        rc.next();
    }
}
