package io.vidsift.aggregator.quarkus;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.aggregator.streams.AggregatorEngine;
import io.vidsift.common.events.EventDetector;
import io.vidsift.common.messages.MessageCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vidsift.service.kafka.KafkaClientSecurity;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.List;

/** Starts the aggregator's Kafka Streams instance and file writer with the application, and closes them with it. */
@ApplicationScoped
public class AggregatorService {

    private final AggregatorEngine engine;

    public AggregatorService(AggregatorConfig config, MessageCodec codec, Config kafkaSettings,
                             @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                             @ConfigProperty(name = "vidsift.storage.root", defaultValue = "./storage") String storageRoot) {
        Path root = Path.of(storageRoot).toAbsolutePath();
        // The planner resolves output.dir against the storage root before publishing; do the same for any that is
        // still relative, so that both services mean the same folder.
        Path base = Path.of(config.outputBase().orElse(storageRoot));
        List<Path> roots = config.outputRoots().map(list -> list.stream().map(Path::of).toList()).orElse(List.of(root));
        this.engine = new AggregatorEngine(new AggregatorEngine.Settings(config.applicationId(), bootstrapServers, root, new OutputDirs(base, roots),
                Path.of(config.stateDir()), config.standbyReplicas(), config.streamThreads(), config.commitInterval(), config.flushInterval(),
                config.statusInterval(), config.replicationFactor(), config.rocksdbMemory(), null,
                // security.protocol/ssl.*/sasl.* from KAFKA_* (CONVENTIONS.md): Kafka Streams hands them to every client.
                KafkaClientSecurity.of(kafkaSettings),
                new EventDetector.Settings(config.events().activityThreshold(), config.events().minCount(),
                        config.events().minSeconds(), config.events().mergeGapSeconds())), codec);
    }

    void onStart(@Observes StartupEvent event) {
        engine.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        engine.close();
    }

    public AggregatorEngine engine() {
        return engine;
    }
}
