package io.vidsift.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsResourceTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final PrometheusMeterRegistry registry = MetricsRegistryProducer.create("downloader-service", closeables);

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        registry.close();
    }

    @Test
    void servicesMetersAppearInPrometheusTextWithTheApplicationTag() {
        Counter.builder("vidsift.chunks").tag("status", "downloaded").register(registry).increment(3);
        Counter.builder("vidsift.chunks").tag("status", "no_recording").register(registry).increment();
        Counter.builder("vidsift.download.bytes").baseUnit("bytes").register(registry).increment(1024);
        Timer.builder("vidsift.download").register(registry).record(Duration.ofMillis(1500));

        Response response = new MetricsResource(registry).scrape("text/plain");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString(HttpHeaders.CONTENT_TYPE)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String body = (String) response.getEntity();
        assertThat(body)
                .contains("# TYPE vidsift_chunks_total counter")
                .contains("vidsift_chunks_total{application=\"downloader-service\",status=\"downloaded\"} 3.0")
                .contains("vidsift_chunks_total{application=\"downloader-service\",status=\"no_recording\"} 1.0")
                .contains("vidsift_download_bytes_total{application=\"downloader-service\"} 1024.0")
                .contains("vidsift_download_seconds_count{application=\"downloader-service\"} 1")
                .contains("vidsift_download_seconds_sum{application=\"downloader-service\"} 1.5");
    }

    @Test
    void jvmAndProcessBindersAreRegistered() {
        String body = (String) new MetricsResource(registry).scrape(null).getEntity();

        assertThat(body).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads{", "jvm_classes_loaded_classes{",
                "process_uptime_seconds{", "system_cpu_count{");
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        Counter.builder("vidsift.analyzer.frames").register(registry).increment(25);

        Response response = new MetricsResource(registry)
                .scrape("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

        assertThat(response.getHeaderString(HttpHeaders.CONTENT_TYPE)).startsWith("application/openmetrics-text");
        assertThat((String) response.getEntity())
                .contains("vidsift_analyzer_frames_total{application=\"downloader-service\"} 25.0")
                .endsWith("# EOF\n");
    }
}
