package io.vidsift.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource: points the application's Kafka clients at the shared broker. The broker outlives each
 * Quarkus test application on purpose (one broker per test JVM), so {@link #stop()} leaves it running.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", SharedKafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // The shared broker stops with the JVM.
    }
}
