package io.vidsift.downloader;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.service.MetricNames;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The downloader's meters on the service's registry: {@code vidsift_chunks_total{status}} (every status
 * registered up front, so each series exists from the start), {@code vidsift_download_bytes_total} (counted as
 * bytes reach storage, so its rate is the throughput even during a long download) and
 * {@code vidsift_download_seconds} (address request to file on storage, downloaded chunks only). Tags are closed
 * sets: the statuses.
 */
public final class DownloaderMetrics {

    private final Map<DownloadStatus, Counter> chunks = new EnumMap<>(DownloadStatus.class);
    private final Counter bytes;
    private final Timer download;

    public DownloaderMetrics(MeterRegistry registry) {
        for (DownloadStatus status : DownloadStatus.values()) {
            chunks.put(status, Counter.builder(MetricNames.CHUNKS).tag("status", status.key())
                    .description("chunks by final status").register(registry));
        }
        bytes = Counter.builder(MetricNames.DOWNLOAD_BYTES).baseUnit("bytes")
                .description("bytes of video written to storage").register(registry);
        download = Timer.builder(MetricNames.DOWNLOAD).description("one chunk's download, address request to file on storage")
                .register(registry);
    }

    /** Meters that go nowhere, for plain tests and tools. */
    public static DownloaderMetrics none() {
        return new DownloaderMetrics(new SimpleMeterRegistry());
    }

    public void chunk(DownloadStatus status) {
        chunks.get(status).increment();
    }

    public void written(long count) {
        bytes.increment(count);
    }

    public void downloaded(Duration took) {
        download.record(took);
    }
}
