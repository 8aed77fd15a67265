package io.vidsift.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.testcontainers.kafka.KafkaContainer;

import java.util.Map;

/**
 * Quarkus test resource backed by a Testcontainers Kafka (the official apache/kafka image), for machines with
 * Docker. Tests using it are annotated {@code @Testcontainers(disabledWithoutDocker = true)}.
 */
public class ContainerKafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String IMAGE = "apache/kafka:4.1.1";

    private KafkaContainer container;

    @Override
    public Map<String, String> start() {
        container = new KafkaContainer(IMAGE);
        container.start();
        return Map.of("kafka.bootstrap.servers", container.getBootstrapServers());
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
    }
}
