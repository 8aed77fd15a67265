package io.vidsift.downloader.quarkus;

import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: DOWN when the chunks consumer has stopped (the consumer failed, a dead-letter write failed, the connector
 * reported a failure), as SmallRye's health reports it. Such a consumer never resumes by itself: restarting the
 * pod is the cure, which is what liveness is for. (Waiting out an outage is not this: see readiness.)
 */
@Liveness
@ApplicationScoped
public class ChunkConsumerHealthCheck implements HealthCheck {

    private final HealthCenter health;

    public ChunkConsumerHealthCheck(HealthCenter health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        return KafkaReports.response("kafka-channels-alive", health.getLiveness());
    }

    /**
     * The consumer's part of a SmallRye report. Only the chunks channel counts: an idle producer has no connection
     * yet, and one that failed a send keeps working (OutcomePublisher retries it), so neither means "stopped".
     */
    static final class KafkaReports {
        private KafkaReports() {
        }

        static HealthCheckResponse response(String name, HealthReport report) {
            boolean ok = true;
            HealthCheckResponseBuilder builder = HealthCheckResponse.named(name);
            for (HealthReport.ChannelInfo channel : report.getChannels()) {
                if (Channels.CHUNKS.equals(channel.getChannel()) && !channel.isOk()) {
                    ok = false;
                    builder.withData(channel.getChannel(), channel.getMessage() == null ? "DOWN" : channel.getMessage());
                }
            }
            return builder.status(ok).build();
        }
    }
}
