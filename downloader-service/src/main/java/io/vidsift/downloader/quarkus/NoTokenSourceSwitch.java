package io.vidsift.downloader.quarkus;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the {@code chunks} channel off when there is no token source, before SmallRye Messaging wires it: a
 * downloader that cannot authenticate must not join the consumer group, where it would sit on partitions and
 * stall their chunks. Readiness and the start-up log say why ({@link TokenSourceHealthCheck}).
 */
public class NoTokenSourceSwitch implements ConfigSourceFactory {

    static final String CHANNEL_ENABLED = "mp.messaging.incoming.chunks.enabled";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Credentials credentials = Credentials.from(name -> {
            ConfigValue value = context.getValue(name);
            return Optional.ofNullable(value == null ? null : value.getValue());
        });
        // Always answer explicitly: Quarkus also runs this factory at build time, where no token is set, and keeps
        // what it returned as a default; only an explicit runtime value overrides that.
        String enabled = Boolean.toString(credentials.source().isPresent());
        return List.of(new PropertiesConfigSource(Map.of(CHANNEL_ENABLED, enabled), "vidsift-token-source-switch", 1000));
    }
}
