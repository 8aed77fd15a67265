package io.vidsift.deploy;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Kafka client settings, from the client's own definitions, and how an environment variable names one: the
 * Quarkus Kafka extension lower-cases {@code KAFKA_SSL_KEYSTORE_KEY}, drops {@code kafka}, and turns '_' into '.'.
 */
final class KafkaClientSettings {

    private static final Set<String> ALL = all();

    private KafkaClientSettings() {
    }

    /** The client setting a {@code KAFKA_*} variable sets, or null. */
    static String settingOf(String env) {
        if (!env.startsWith("KAFKA_")) {
            return null;
        }
        String name = env.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return ALL.contains(name) ? name : null;
    }

    private static Set<String> all() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }

    /** security.protocol, ssl.*, sasl.*: what service-kit's KafkaClientSecurity passes on. */
    static boolean isSecuritySetting(String env) {
        String setting = settingOf(env);
        return setting != null && (setting.equals("security.protocol") || setting.startsWith("ssl.") || setting.startsWith("sasl."));
    }

    static boolean isClientSetting(String env) {
        return settingOf(env) != null;
    }
}
