package io.vidsift.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * The one {@link MeterRegistry} of a service (quarkus-micrometer is not on the mirror): a Prometheus registry
 * with the JVM and process binders, every meter tagged {@code application=<quarkus.application.name>}. Services
 * inject {@code MeterRegistry} and register their counters and timers on it; {@link MetricsResource} serves it.
 */
@ApplicationScoped
public class MetricsRegistryProducer {

    private final String application;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    public MetricsRegistryProducer(@ConfigProperty(name = "quarkus.application.name", defaultValue = "vidsift") String application) {
        this.application = application;
    }

    /** Bean types include {@link MeterRegistry}, so {@code @Inject MeterRegistry} resolves to this registry. */
    @Produces
    @Singleton
    public PrometheusMeterRegistry registry() {
        return create(application, closeables);
    }

    void close(@Disposes PrometheusMeterRegistry registry) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Shutting down: a binder that cannot unregister its listeners changes nothing.
            }
        }
        registry.close();
    }

    /** A registry with the common tag and the JVM/process binders; {@code closeables} collects what must be closed. */
    static PrometheusMeterRegistry create(String application, List<AutoCloseable> closeables) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(Tags.of("application", application));
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        List<MeterBinder> binders = List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(), gc, new JvmThreadMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics());
        binders.forEach(binder -> binder.bindTo(registry));
        return registry;
    }
}
