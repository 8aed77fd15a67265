package io.vidsift.planner.quarkus;

import io.vidsift.planner.JobSubmissions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the plan journal has been read back (before that a repeated Idempotency-Key could not be
 * recognised) and while publishing is not stuck retrying; reports the backlog of plans still being published.
 */
@Readiness
@ApplicationScoped
public class PlanningBacklogHealthCheck implements HealthCheck {

    private final JobSubmissions submissions;

    public PlanningBacklogHealthCheck(JobSubmissions submissions) {
        this.submissions = submissions;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("planning");
        if (!submissions.recovered()) {
            String error = submissions.recoveryError();
            return response.down().withData("journal", error == null ? "reading" : error).build();
        }
        response.withData("backlog", submissions.book().backlog());
        String stalled = submissions.book().stalled();
        return stalled == null ? response.up().build() : response.down().withData("stalled", stalled).build();
    }
}
