package io.vidsift.service.kafka;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientSecurityTest {

    @Test
    void environmentStyleAndPropertyStyleNamesBecomeClientSettings() {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_KEYSTORE_KEY", "-----BEGIN PRIVATE KEY-----",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "kafka.group.id", "not-a-security-setting",
                "VIDSIFT_STORAGE_ROOT", "/data"), "test", 100)).build();
        assertThat(KafkaClientSecurity.of(config)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SSL",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
                "ssl.truststore.type", "PEM",
                "sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void nothingSetIsNothing() {
        assertThat(KafkaClientSecurity.of(new SmallRyeConfigBuilder().build())).isEmpty();
    }
}
