package io.vidsift.downloader;

import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.storage.StorageLayout;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One chunk from request to a final outcome: refuse it when its API host is not allowed ({@link ApiHosts}: no
 * request at all, {@code address_failed}), skip it if storage already has it, else make {@link ChunkAttempt}s until
 * one finishes. A transient setback (README: failure classes) is never final by itself: the chunk waits (backoff,
 * and its area's {@link OutageGate} when the cause is systemic) and tries again, until {@code transientDeadline}
 * has passed since its first setback; only then is it recorded, with that cause as {@code last_error}. Every path
 * ends in a {@link DownloadRecorded}; none throws for a failure of the API, the network or the storage.
 * <p>
 * {@code retry_count} is the number of requests beyond the first for this chunk: address retries, download
 * retries, the extra address request after a refused link, and the first request of every later attempt.
 */
public final class ChunkDownloader {

    private static final Logger LOG = Logger.getLogger(ChunkDownloader.class);
    public static final String SOURCE = ChunkRecords.SOURCE;

    private final StorageLayout layout;
    private final DownloadLedger ledger;
    private final TargetLeases leases;
    private final ChunkAttempt attempt;
    private final DeviceSlots devices;
    private final Clock clock;
    private final ApiHosts apiHosts;
    private final DownloaderMetrics metrics;
    private final ChunkRecords records;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Duration transientDeadline;

    public ChunkDownloader(StorageLayout layout, DownloadLedger ledger, AddressStep addresses, VideoFetcher fetcher,
                           DeviceSlots devices, Clock clock, ApiHosts apiHosts, DownloaderMetrics metrics, Outages outages,
                           TargetLeases leases, Backoff backoff, Sleeper sleeper, Duration transientDeadline) {
        this.layout = layout;
        this.ledger = ledger;
        this.leases = leases;
        this.devices = devices;
        this.clock = clock;
        this.apiHosts = apiHosts;
        this.metrics = metrics;
        this.records = new ChunkRecords(clock);
        this.attempt = new ChunkAttempt(layout, ledger, addresses, fetcher, outages, leases, records, apiHosts);
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.transientDeadline = transientDeadline;
    }

    public ChunkOutcome handle(ChunkRequested chunk) throws InterruptedException {
        CloudWindow window = validate(chunk);
        ApiEndpoint endpoint = ApiEndpoint.of(chunk);
        // First of all, before the ledger: a job that names an API nobody allowed gets nothing, not even a skip.
        Optional<String> refused = apiHosts.refusal(endpoint);
        if (refused.isPresent()) {
            LOG.warnf("chunk %s: %s; no request made", chunk.chunkId(), LogRedactor.forRecord(refused.get()));
            return records.withoutFile(chunk, window, DownloadStatus.ADDRESS_FAILED, null, 0, refused.get());
        }
        String path = StorageLayout.cloudVideo(window.deviceSerial(), window.channelNo(),
                window.requestedBegin(), window.requestedEnd());
        AddressQuery query = new AddressQuery(window.deviceSerial(), window.channelNo(), window.requestedBegin(), window.requestedEnd());
        long started = System.nanoTime();
        Instant firstSetback = null;
        int retries = 0;
        String lastSetback = null; // the latest setback's detail: an outcome reached after it records it as last_error
        for (int setbacks = 0; ; setbacks++) {
            if (!chunk.dryRun()) {
                Optional<DownloadRecorded> done = ledger.downloaded(path);
                if (done.isPresent()) {
                    LOG.debugf("chunk %s: %s is already downloaded, no request made", chunk.chunkId(), path);
                    leases.removeIfExpired(layout.resolve(path));
                    return records.skipped(chunk, done.get());
                }
            }
            ChunkAttempt.Result result;
            try (DeviceSlots.Slot slot = devices.acquire(window.deviceSerial(), window.channelNo())) {
                result = attempt.run(chunk, endpoint, query, path, window, retries, lastSetback);
            } catch (RuntimeException e) {
                // A bug, not a fault of the chunk: never dead-lettered, never final at once; logged in full.
                LOG.errorf(e, "chunk %s: unexpected error", chunk.chunkId());
                result = new ChunkAttempt.Setback(FailureCause.INTERNAL, chunk.dryRun() ? DownloadStatus.ADDRESS_FAILED
                        : DownloadStatus.DOWNLOAD_FAILED, "internal error: " + e.getClass().getSimpleName(), window, null, retries);
            }
            if (result instanceof ChunkAttempt.Finished finished) {
                if (finished.outcome().record().status() == DownloadStatus.DOWNLOADED && !finished.outcome().skipped()) {
                    metrics.downloaded(Duration.ofNanos(System.nanoTime() - started));
                }
                return finished.outcome();
            }
            ChunkAttempt.Setback setback = (ChunkAttempt.Setback) result;
            lastSetback = setback.detail();
            metrics.setback(setback.cause());
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopping"); // a setback caused by shutting down is no outcome
            }
            Instant now = clock.instant();
            firstSetback = firstSetback == null ? now : firstSetback;
            if (!now.isBefore(firstSetback.plus(transientDeadline))) {
                LOG.warnf("chunk %s: %s (%s) for %s, longer than vidsift.downloader.transient-deadline; recording %s",
                        chunk.chunkId(), setback.cause().key(), LogRedactor.forRecord(setback.detail()),
                        Duration.between(firstSetback, now), setback.status().key());
                return records.withoutFile(chunk, setback.window(), setback.status(), setback.host(), setback.retries(), setback.detail());
            }
            if (setbacks == 0) {
                LOG.infof("chunk %s: %s (%s); not final, trying again until %s", chunk.chunkId(), setback.cause().key(),
                        LogRedactor.forRecord(setback.detail()), firstSetback.plus(transientDeadline));
            } else {
                LOG.debugf("chunk %s: %s again (%s)", chunk.chunkId(), setback.cause().key(), LogRedactor.forRecord(setback.detail()));
            }
            sleeper.sleep(backoff.delay(setbacks + 1));
            retries = setback.retries() + 1; // the next attempt's first request
        }
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
}
