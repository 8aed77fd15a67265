package io.vidsift.service.kafka;

import org.eclipse.microprofile.config.Config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka client security settings of this process's configuration, for clients the Quarkus Kafka extension does
 * not build (Kafka Streams, a plain Admin): {@code security.protocol}, {@code ssl.*} and {@code sasl.*}, from
 * {@code kafka.*} properties and {@code KAFKA_*} environment variables mapped the way that extension maps them
 * (lower-cased, {@code kafka} dropped, '_' as '.'), so {@code KAFKA_SSL_KEYSTORE_KEY} is {@code ssl.keystore.key}.
 * CONVENTIONS.md lists the variables; the Kubernetes manifests set them.
 */
public final class KafkaClientSecurity {

    private KafkaClientSecurity() {
    }

    public static Map<String, String> of(Config config) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("kafka.") && !lower.startsWith("kafka_")) {
                continue;
            }
            String setting = lower.substring("kafka.".length()).replace('_', '.');
            if (setting.equals("security.protocol") || setting.startsWith("ssl.") || setting.startsWith("sasl.")) {
                config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(setting, value));
            }
        }
        return settings;
    }
}
