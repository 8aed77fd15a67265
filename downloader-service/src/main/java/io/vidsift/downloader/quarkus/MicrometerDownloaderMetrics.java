package io.vidsift.downloader.quarkus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.downloader.DownloaderMetrics;
import io.vidsift.downloader.FailureCause;
import io.vidsift.downloader.Outages;
import io.vidsift.service.MetricNames;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The downloader's meters on the service's registry: {@code vidsift_chunks_total{status}} (every status registered
 * up front, so each series exists from the start), {@code vidsift_download_bytes_total} (counted as bytes reach
 * storage, so its rate is the throughput even during a long download), {@code vidsift_download_seconds} (address
 * request to file on storage, downloaded chunks only), {@code vidsift_downloader_setbacks_total{cause}} (attempts that
 * ended on a transient cause) and {@code vidsift_downloader_outages} (systemic causes in effect now). Tags are closed
 * sets: statuses and causes.
 */
public final class MicrometerDownloaderMetrics implements DownloaderMetrics {

    private final Map<DownloadStatus, Counter> chunks = new EnumMap<>(DownloadStatus.class);
    private final Map<FailureCause, Counter> setbacks = new EnumMap<>(FailureCause.class);
    private final Counter bytes;
    private final Timer download;

    public MicrometerDownloaderMetrics(MeterRegistry registry, Outages outages) {
        for (DownloadStatus status : DownloadStatus.values()) {
            chunks.put(status, Counter.builder(MetricNames.CHUNKS).tag("status", status.key())
                    .description("chunks by final status").register(registry));
        }
        for (FailureCause cause : FailureCause.values()) {
            if (cause.isTransient()) {
                setbacks.put(cause, Counter.builder(MetricNames.DOWNLOADER_SETBACKS).tag("cause", cause.key())
                        .description("chunk attempts that ended on a transient cause (the chunk is not final)").register(registry));
            }
        }
        bytes = Counter.builder(MetricNames.DOWNLOAD_BYTES).baseUnit("bytes")
                .description("bytes of video written to storage").register(registry);
        download = Timer.builder(MetricNames.DOWNLOAD).description("one chunk's download, address request to file on storage")
                .register(registry);
        Gauge.builder(MetricNames.DOWNLOADER_OUTAGES, outages, o -> o.current().size())
                .description("systemic causes in effect (API host, download host or storage paused)").register(registry);
    }

    @Override
    public void chunk(DownloadStatus status) {
        chunks.get(status).increment();
    }

    @Override
    public void written(long count) {
        bytes.increment(count);
    }

    @Override
    public void downloaded(Duration took) {
        download.record(took);
    }

    @Override
    public void setback(FailureCause cause) {
        Counter counter = setbacks.get(cause);
        if (counter != null) {
            counter.increment();
        }
    }
}
