package io.vidsift.downloader;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.storage.StorageLayout;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One try at a chunk: the address (through its API host's {@link OutageGate}), then, unless it is a dry run, the
 * download under an exclusive {@link TargetLeases lease} on the file, with one fresh address when the link is
 * refused. It ends {@link Finished} (an outcome to publish) or with a {@link Setback}: a transient cause, and the
 * status the chunk would get if it never heals. Systemic causes close their gate; any answer opens it again.
 * <p>
 * Every link (the first and a fresh one) passes {@link DownloadUrlPolicy} before anything connects to it, and the
 * transport refuses redirects and addresses its policies forbid: such a refusal is final for the chunk
 * ({@link FailureCause#DOWNLOAD_POLICY}), since the same link is refused the same way again, and it says nothing
 * about the download host's health (no gate opens or closes on it).
 */
final class ChunkAttempt {

    private static final Logger LOG = Logger.getLogger(ChunkAttempt.class);

    sealed interface Result permits Finished, Setback, Addressed {
    }

    record Finished(ChunkOutcome outcome) implements Result {
    }

    record Setback(FailureCause cause, DownloadStatus status, String detail, CloudWindow window, String host, int retries)
            implements Result {
    }

    private final StorageLayout layout;
    private final DownloadLedger ledger;
    private final AddressStep addresses;
    private final VideoFetcher fetcher;
    private final Outages outages;
    private final TargetLeases leases;
    private final ChunkRecords records;
    private final ApiHosts apiHosts;

    ChunkAttempt(StorageLayout layout, DownloadLedger ledger, AddressStep addresses, VideoFetcher fetcher, Outages outages,
                 TargetLeases leases, ChunkRecords records, ApiHosts apiHosts) {
        this.layout = layout;
        this.ledger = ledger;
        this.addresses = addresses;
        this.fetcher = fetcher;
        this.outages = outages;
        this.leases = leases;
        this.records = records;
        this.apiHosts = apiHosts;
    }

    /**
     * @param retriesBefore requests already spent on this chunk by earlier attempts
     * @param errorBefore   the earlier attempt's setback, or null: an outcome reached after a setback records it as
     *                      its {@code last_error} (unless the attempt itself met a newer one), so the manifest shows
     *                      what the chunk went through, as it does for retries within one attempt
     */
    Result run(ChunkRequested chunk, ApiEndpoint endpoint, AddressQuery query, String path, CloudWindow window, int retriesBefore,
               String errorBefore) throws InterruptedException {
        if (chunk.dryRun()) {
            return address(chunk, endpoint, query, window, retriesBefore, errorBefore);
        }
        // The lease first: a worker that waits for another's download of the same file spends no address request.
        Path target = layout.resolve(path);
        OutageGate storage = outages.storage();
        storage.pass();
        TargetLeases.Acquired acquired;
        try {
            Files.createDirectories(target.getParent());
            acquired = leases.tryAcquire(target);
        } catch (IOException e) {
            String detail = "storage: cannot prepare " + layout.relativize(target.getParent()) + ": " + VideoFetcher.describeStorage(e);
            storage.failed(FailureCause.STORAGE, detail);
            return new Setback(FailureCause.STORAGE, DownloadStatus.DOWNLOAD_FAILED, detail, window, null, retriesBefore);
        }
        if (acquired.lease().isEmpty()) {
            return new Setback(FailureCause.TARGET_BUSY, DownloadStatus.DOWNLOAD_FAILED,
                    "another download of " + path + " is in progress (" + acquired.heldBy() + ")", window, null, retriesBefore);
        }
        try (TargetLeases.Lease lease = acquired.lease().get()) {
            // The holder before us may just have finished this very file.
            Optional<DownloadRecorded> done = ledger.downloaded(path);
            if (done.isPresent()) {
                return new Finished(records.skipped(chunk, done.get()));
            }
            Result addressed = address(chunk, endpoint, query, window, retriesBefore, errorBefore);
            if (!(addressed instanceof Addressed ok)) {
                return addressed;
            }
            return download(chunk, endpoint, query, path, ok, lease, storage);
        }
    }

    /** An address to download from: an internal step between the address and the download. */
    private record Addressed(AddressResult address, CloudWindow window, int retries, String lastError, OutageGate api)
            implements Result {
    }

    private Result address(ChunkRequested chunk, ApiEndpoint endpoint, AddressQuery query, CloudWindow window, int retriesBefore,
                           String errorBefore) throws InterruptedException {
        OutageGate api = outages.gate(FailureCause.Area.API, Outages.where(endpoint.baseUrl()));
        api.pass();
        AddressResult address = addresses.request(endpoint, query);
        report(api, address);
        int retries = retriesBefore + address.retries();
        String lastError = address.lastError() != null ? address.lastError() : errorBefore;
        CloudWindow actual = window.withActual(address.actualBegin(), address.actualEnd());
        if (address.status() != DownloadStatus.ADDRESS_OK) {
            if (!address.apiAnswered()) {
                return new Setback(address.cause(), DownloadStatus.ADDRESS_FAILED, address.lastError(), actual, null, retries);
            }
            return new Finished(records.withoutFile(chunk, actual, address.status(), null, retries, lastError));
        }
        if (chunk.dryRun()) {
            return new Finished(records.withoutFile(chunk, actual, DownloadStatus.ADDRESS_OK, LogRedactor.host(address.url()),
                    retries, lastError));
        }
        return new Addressed(address, actual, retries, lastError, api);
    }

    private Result download(ChunkRequested chunk, ApiEndpoint endpoint, AddressQuery query, String path, Addressed addressed,
                            TargetLeases.Lease lease, OutageGate storage) throws InterruptedException {
        String url = addressed.address().url();
        String lastError = addressed.lastError();
        CloudWindow window = addressed.window();
        int retries = addressed.retries();
        OutageGate api = addressed.api();
        Duration timeout = Duration.ofSeconds(Math.max(1, chunk.downloadTimeoutSeconds()));
        boolean renewedLink = false;
        while (true) {
            // The link comes from the API's answer: https only (http where the API's allow-list entry says so).
            Optional<String> refusedUrl = DownloadUrlPolicy.refusal("download url", url, apiHosts.allowsHttp(endpoint));
            if (refusedUrl.isPresent()) {
                return new Finished(records.withoutFile(chunk, window, DownloadStatus.DOWNLOAD_FAILED, LogRedactor.host(url),
                        retries, "download refused: " + refusedUrl.get()));
            }
            OutageGate host = outages.gate(FailureCause.Area.DOWNLOAD, Outages.where(url));
            host.pass();
            try {
                VideoFetcher.Fetched fetched = fetcher.fetch(url, lease, timeout);
                host.succeeded();
                storage.succeeded();
                retries += fetched.retries();
                lastError = fetched.lastError() != null ? fetched.lastError() : lastError;
                DownloadRecorded record = records.downloaded(chunk, window, LogRedactor.host(url), path, retries, lastError,
                        fetched.bytes(), fetched.sha256(), fetched.container());
                try {
                    ledger.remember(record);
                } catch (IOException e) {
                    // The video is complete; without its sidecar a rerun downloads it again, nothing worse.
                    LOG.warnf("chunk %s: cannot write the sidecar for %s (%s)", chunk.chunkId(), path, e.getClass().getSimpleName());
                }
                return new Finished(records.withFile(chunk, record, false));
            } catch (VideoFetcher.UrlRejected e) {
                host.succeeded(); // it answered: the link, not the host, is the problem
                retries += e.retries();
                lastError = e.getMessage();
                if (renewedLink) {
                    return new Setback(FailureCause.LINK_REFUSED, DownloadStatus.DOWNLOAD_FAILED,
                            e.getMessage() + ", also with a fresh address", window, LogRedactor.host(url), retries);
                }
                renewedLink = true;
                api.pass();
                AddressResult fresh = addresses.request(endpoint, query);
                report(api, fresh);
                retries += 1 + fresh.retries();
                if (fresh.status() != DownloadStatus.ADDRESS_OK) {
                    String detail = e.getMessage() + "; fresh address: " + (fresh.lastError() != null ? fresh.lastError() : fresh.status().key());
                    if (!fresh.apiAnswered()) {
                        return new Setback(fresh.cause(), DownloadStatus.DOWNLOAD_FAILED, detail, window, LogRedactor.host(url), retries);
                    }
                    return new Finished(records.withoutFile(chunk, window, DownloadStatus.DOWNLOAD_FAILED, LogRedactor.host(url),
                            retries, detail));
                }
                url = fresh.url();
                window = window.withActual(fresh.actualBegin(), fresh.actualEnd());
            } catch (VideoFetcher.FetchFailed e) {
                retries += e.retries();
                FailureCause cause = e.cause();
                if (cause == FailureCause.STORAGE) {
                    storage.failed(cause, e.getMessage());
                } else if (cause == FailureCause.DOWNLOAD_UNAVAILABLE) {
                    host.failed(cause, e.getMessage());
                } else if (cause == FailureCause.DOWNLOAD_POLICY) {
                    LOG.debugf("chunk %s: %s", chunk.chunkId(), LogRedactor.forRecord(e.getMessage())); // nothing about the host's health
                } else {
                    host.succeeded(); // it answered, with something wrong for this chunk only
                }
                if (cause.isTransient()) {
                    return new Setback(cause, DownloadStatus.DOWNLOAD_FAILED, e.getMessage(), window, LogRedactor.host(url), retries);
                }
                return new Finished(records.withoutFile(chunk, window, DownloadStatus.DOWNLOAD_FAILED, LogRedactor.host(url),
                        retries, e.getMessage()));
            }
        }
    }

    private static void report(OutageGate api, AddressResult result) {
        if (result.apiAnswered()) {
            api.succeeded();
        } else if (result.cause().systemic()) {
            api.failed(result.cause(), result.lastError());
        }
    }
}
