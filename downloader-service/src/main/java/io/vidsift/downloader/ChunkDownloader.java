package io.vidsift.downloader;

import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.StorageLayout;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One chunk from request to outcome: refuse it when its API host is not allowed ({@link ApiHosts}: no request at
 * all, {@code address_failed}), skip it if storage already has it, else ask for the address (the end of the
 * line on a dry run), download, and on a refused link ask once more for a fresh address. Every path ends in a
 * {@link DownloadRecorded}; none throws for a failure of the API or the network.
 * <p>
 * {@code retry_count} is the number of requests beyond the first for this chunk: address retries, download
 * retries, and the extra address request after a refused link.
 */
public final class ChunkDownloader {

    private static final Logger LOG = Logger.getLogger(ChunkDownloader.class);
    public static final String SOURCE = "hik_cloud";

    private final StorageLayout layout;
    private final DownloadLedger ledger;
    private final AddressStep addresses;
    private final VideoFetcher fetcher;
    private final DeviceSlots devices;
    private final Clock clock;
    private final ApiHosts apiHosts;
    private final DownloaderMetrics metrics;

    public ChunkDownloader(StorageLayout layout, DownloadLedger ledger, AddressStep addresses, VideoFetcher fetcher,
                           DeviceSlots devices, Clock clock, ApiHosts apiHosts, DownloaderMetrics metrics) {
        this.layout = layout;
        this.ledger = ledger;
        this.addresses = addresses;
        this.fetcher = fetcher;
        this.devices = devices;
        this.clock = clock;
        this.apiHosts = apiHosts;
        this.metrics = metrics;
    }

    public ChunkOutcome handle(ChunkRequested chunk) throws InterruptedException {
        CloudWindow window = validate(chunk);
        ApiEndpoint endpoint = ApiEndpoint.of(chunk);
        // First of all, before the ledger: a job that names an API nobody allowed gets nothing, not even a skip.
        Optional<String> refused = apiHosts.refusal(endpoint);
        if (refused.isPresent()) {
            LOG.warnf("chunk %s: %s; no request made", chunk.chunkId(), refused.get());
            return recordOnly(chunk, window, DownloadStatus.ADDRESS_FAILED, null, 0, refused.get());
        }
        String path = StorageLayout.cloudVideo(window.deviceSerial(), window.channelNo(), window.requestedBegin(), window.requestedEnd());
        if (!chunk.dryRun()) {
            Optional<DownloadRecorded> done = ledger.downloaded(path);
            if (done.isPresent()) {
                LOG.debugf("chunk %s: %s is already downloaded, no request made", chunk.chunkId(), path);
                DownloadRecorded record = done.get().chunkId().equals(chunk.chunkId()) && done.get().jobId().equals(chunk.jobId())
                        ? done.get()
                        : new DownloadRecorded(Schema.VERSION, chunk.jobId(), chunk.chunkId(), SOURCE, done.get().window(),
                        done.get().downloadUrlHost(), path, DownloadStatus.DOWNLOADED, 0, null, done.get().bytes(),
                        done.get().sha256(), false, now(), done.get().container());
                return new ChunkOutcome(record, Optional.of(video(chunk, record)), true);
            }
        }
        AddressQuery query = new AddressQuery(window.deviceSerial(), window.channelNo(), window.requestedBegin(), window.requestedEnd());
        try (DeviceSlots.Slot slot = devices.acquire(window.deviceSerial(), window.channelNo())) {
            long started = System.nanoTime();
            AddressResult address = addresses.request(endpoint, query);
            CloudWindow actual = window.withActual(address.actualBegin(), address.actualEnd());
            if (address.status() != DownloadStatus.ADDRESS_OK || chunk.dryRun()) {
                return recordOnly(chunk, actual, address.status(), host(address.url()), address.retries(), address.lastError());
            }
            ChunkOutcome outcome = download(chunk, endpoint, query, path, actual, address);
            if (outcome.record().status() == DownloadStatus.DOWNLOADED) {
                metrics.downloaded(Duration.ofNanos(System.nanoTime() - started));
            }
            return outcome;
        }
    }

    private ChunkOutcome download(ChunkRequested chunk, ApiEndpoint endpoint, AddressQuery query, String path,
                                  CloudWindow window, AddressResult address) throws InterruptedException {
        Path target = layout.resolve(path);
        int retries = address.retries();
        String lastError = address.lastError();
        String url = address.url();
        boolean renewedLink = false;
        Duration timeout = Duration.ofSeconds(Math.max(1, chunk.downloadTimeoutSeconds()));
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            return recordOnly(chunk, window, DownloadStatus.DOWNLOAD_FAILED, host(url), retries,
                    "cannot create " + layout.relativize(target.getParent()) + ": " + e.getClass().getSimpleName());
        }
        while (true) {
            // The link comes from the API's answer: https only (http where the API's allow-list entry says so).
            Optional<String> refusedUrl = DownloadUrlPolicy.refusal("download url", url, apiHosts.allowsHttp(endpoint));
            if (refusedUrl.isPresent()) {
                return recordOnly(chunk, window, DownloadStatus.DOWNLOAD_FAILED, host(url), retries, "download refused: " + refusedUrl.get());
            }
            try {
                VideoFetcher.Fetched fetched = fetcher.fetch(url, target, timeout);
                retries += fetched.retries();
                lastError = fetched.lastError() != null ? fetched.lastError() : lastError;
                DownloadRecorded record = new DownloadRecorded(Schema.VERSION, chunk.jobId(), chunk.chunkId(), SOURCE, window,
                        host(url), path, DownloadStatus.DOWNLOADED, retries, LogRedactor.forRecord(lastError), fetched.bytes(),
                        fetched.sha256(), false, now(), fetched.container());
                try {
                    ledger.remember(record);
                } catch (IOException e) {
                    // The video is complete; without its sidecar a rerun downloads it again, nothing worse.
                    LOG.warnf("chunk %s: cannot write the sidecar for %s (%s)", chunk.chunkId(), path, e.getClass().getSimpleName());
                }
                return new ChunkOutcome(record, Optional.of(video(chunk, record)), false);
            } catch (VideoFetcher.UrlRejected e) {
                retries += e.retries();
                lastError = e.getMessage();
                if (renewedLink) {
                    return recordOnly(chunk, window, DownloadStatus.DOWNLOAD_FAILED, host(url), retries,
                            e.getMessage() + ", also with a fresh address");
                }
                renewedLink = true;
                AddressResult fresh = addresses.request(endpoint, query);
                retries += 1 + fresh.retries();
                if (fresh.status() != DownloadStatus.ADDRESS_OK) {
                    return recordOnly(chunk, window, DownloadStatus.DOWNLOAD_FAILED, host(url), retries,
                            e.getMessage() + "; fresh address: " + (fresh.lastError() != null ? fresh.lastError() : fresh.status().key()));
                }
                url = fresh.url();
                window = window.withActual(fresh.actualBegin(), fresh.actualEnd());
            } catch (VideoFetcher.FetchFailed e) {
                return recordOnly(chunk, window, DownloadStatus.DOWNLOAD_FAILED, host(url), retries + e.retries(), e.getMessage());
            }
        }
    }

    private ChunkOutcome recordOnly(ChunkRequested chunk, CloudWindow window, DownloadStatus status, String host, int retries,
                                    String lastError) {
        return new ChunkOutcome(new DownloadRecorded(Schema.VERSION, chunk.jobId(), chunk.chunkId(), SOURCE, window, host,
                null, status, retries, LogRedactor.forRecord(lastError), null, null, chunk.dryRun(), now(), null), Optional.empty(), false);
    }

    private static VideoReady video(ChunkRequested chunk, DownloadRecorded record) {
        return new VideoReady(Schema.VERSION, chunk.jobId(), Ids.videoId(chunk.jobId(), record.path()), VideoReady.SOURCE_HIK_CLOUD,
                chunk.chunkId(), record.window(), record.path(), record.bytes(), record.sha256(), chunk.outputDir(), chunk.analysis());
    }

    private static CloudWindow validate(ChunkRequested chunk) {
        if (chunk.jobId() == null || chunk.chunkId() == null) {
            throw new BadMessageException("ChunkRequested without job_id or chunk_id");
        }
        CloudWindow window = chunk.window();
        if (window == null || window.deviceSerial() == null) {
            throw new BadMessageException("ChunkRequested " + chunk.chunkId() + " without window.device_serial");
        }
        if (window.requestedEnd() <= window.requestedBegin()) {
            throw new BadMessageException("ChunkRequested " + chunk.chunkId() + ": requested_end must be after requested_begin");
        }
        if (chunk.apiBaseUrl() == null || chunk.downloadPath() == null) {
            throw new BadMessageException("ChunkRequested " + chunk.chunkId() + " without api_base_url/download_path");
        }
        if (!window.deviceSerial().matches("[A-Za-z0-9_-]+")) {
            throw new BadMessageException("ChunkRequested " + chunk.chunkId() + ": device_serial has unsafe characters");
        }
        return window;
    }

    private static String host(String url) {
        return url == null ? null : LogRedactor.host(url);
    }

    private String now() {
        return clock.instant().toString();
    }
}
