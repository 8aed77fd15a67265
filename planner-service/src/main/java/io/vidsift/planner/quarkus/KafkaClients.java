package io.vidsift.planner.quarkus;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The planner's Kafka clients, built from every {@code kafka.*} setting (bootstrap servers, and the
 * security.protocol/SASL/TLS settings a deployment adds through the environment). One producer for every topic,
 * always {@code acks=all} with idempotence: a 202 or a journaled cursor means the records are on every in-sync
 * replica, and a retried send never duplicates within a producer session.
 */
@ApplicationScoped
public class KafkaClients {

    /** Settings the Quarkus Kafka config carries that are not client settings. */
    private static final Set<String> NOT_CLIENT = Set.of("group.id");

    private final Map<String, Object> common;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Map<String, Object> common = new HashMap<>(kafka);
        NOT_CLIENT.forEach(common::remove);
        this.common = Map.copyOf(common);
    }

    @Produces
    @Singleton
    Producer<String, String> producer() {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // The producer gives a send up before the planner stops waiting for it (KafkaSends.TIMEOUT), so a batch
        // the planner sends again is never still being retried underneath.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KafkaSends.DELIVERY_TIMEOUT.toMillis());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "vidsift-planner");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    void close(@Disposes Producer<String, String> producer) {
        producer.close(Duration.ofSeconds(5));
    }

    @Produces
    @Singleton
    Admin admin() {
        Map<String, Object> config = new HashMap<>(common);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(config);
    }

    void close(@Disposes Admin admin) {
        admin.close(Duration.ofSeconds(5));
    }

    /** A consumer without a group: the journal is read whole, from the start, on every start. */
    KafkaConsumer<String, String> journalReader() {
        return reader("vidsift-planner-journal");
    }

    /** A consumer without a group for vidsift.downloads, followed from its end. */
    KafkaConsumer<String, String> outcomeReader() {
        return reader("vidsift-planner-outcomes");
    }

    private KafkaConsumer<String, String> reader(String clientId) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Asking for a topic's partitions must not create it with the broker's defaults.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }
}
