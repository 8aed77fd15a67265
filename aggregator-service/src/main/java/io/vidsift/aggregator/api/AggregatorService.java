package io.vidsift.aggregator.api;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vidsift.aggregator.Aggregator;
import io.vidsift.aggregator.kafka.EventDecoder;
import io.vidsift.aggregator.kafka.KafkaCompletionPublisher;
import io.vidsift.aggregator.kafka.TopicHistory;
import io.vidsift.aggregator.output.ManifestWriter;
import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;

/**
 * Wires the plain {@link Aggregator} to Kafka and the Quarkus lifecycle. The state rebuild runs on its own thread
 * so that the HTTP server (health, status API) is up while it runs; readiness stays down until it is done.
 */
@ApplicationScoped
public class AggregatorService {

    private static final Logger LOG = Logger.getLogger(AggregatorService.class);

    private final EventDecoder decoder;
    private final KafkaCompletionPublisher publisher;
    private final Aggregator aggregator;

    public AggregatorService(AggregatorConfig config, MessageCodec codec,
                             @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                             @ConfigProperty(name = "vidsift.storage.root", defaultValue = "./storage") String storageRoot) {
        this.publisher = new KafkaCompletionPublisher(bootstrapServers, codec, config.publishTimeout());
        this.decoder = new EventDecoder(codec, new io.vidsift.common.storage.StorageLayout(Path.of(storageRoot)));
        TopicHistory history = new TopicHistory(bootstrapServers, List.of(Topics.JOBS, Topics.DOWNLOADS, Topics.ANALYSES),
                decoder, config.replayTimeout());
        // The planner resolves output.dir against the storage root before publishing; do the same for any that is
        // still relative, so that both services mean the same folder.
        Path base = Path.of(config.outputBase().orElse(storageRoot)).toAbsolutePath();
        this.aggregator = new Aggregator(history, publisher, new ManifestWriter(), new OutputDirs(base), config.flushInterval());
    }

    void onStart(@Observes StartupEvent event) {
        // Kafka may not be reachable yet (all services start together): keep trying; records wait meanwhile.
        Thread rebuild = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    aggregator.start();
                    return;
                } catch (RuntimeException e) {
                    LOG.warnf("cannot rebuild the aggregator state from the topics yet (retrying in 5 s): %s", e.getMessage());
                    try {
                        Thread.sleep(5_000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }, "aggregator-rebuild");
        rebuild.setDaemon(true);
        rebuild.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        aggregator.close();
        publisher.close();
    }

    /** Decodes and folds one record; a BadMessageException propagates so that the record is dead-lettered. */
    public void accept(String topic, String value) {
        aggregator.accept(decoder.decode(topic, value));
    }

    public Aggregator aggregator() {
        return aggregator;
    }
}
