package io.vidsift.downloader.quarkus;

import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import io.vidsift.downloader.OutageGate;
import io.vidsift.downloader.Outages;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Readiness: DOWN, with the reason, while the chunk work is paused on a systemic cause (an API host, a download
 * host or storage: README, failure classes), while publishing outcomes fails, or while SmallRye reports a Kafka
 * channel not ready (no broker, no partitions). All of these heal by themselves; none restarts the pod.
 */
@Readiness
@ApplicationScoped
public class ChunkChannelHealthCheck implements HealthCheck {

    private final Outages outages;
    private final OutcomePublisher publisher;
    private final HealthCenter health;

    public ChunkChannelHealthCheck(Outages outages, OutcomePublisher publisher, HealthCenter health) {
        this.outages = outages;
        this.publisher = publisher;
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        List<OutageGate.Outage> current = outages.current();
        HealthCheckResponse kafka = ChunkConsumerHealthCheck.KafkaReports.response("kafka", health.getReadiness());
        boolean up = current.isEmpty() && publisher.problem().isEmpty() && kafka.getStatus() == HealthCheckResponse.Status.UP;
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("chunk-work").status(up);
        for (int i = 0; i < current.size(); i++) {
            builder.withData("paused" + (current.size() > 1 ? "." + (i + 1) : ""), current.get(i).describe());
        }
        publisher.problem().ifPresent(p -> builder.withData("publishing", p));
        kafka.getData().ifPresent(data -> data.forEach((channel, why) -> builder.withData("kafka." + channel, String.valueOf(why))));
        return builder.build();
    }
}
