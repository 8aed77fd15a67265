package io.vidsift.downloader.quarkus;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.vidsift.common.config.TokenSource;
import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.downloader.AddressPolicy;
import io.vidsift.downloader.ApiHosts;
import io.vidsift.downloader.ChunkDownloader;
import io.vidsift.downloader.ChunkOutcome;
import io.vidsift.downloader.DownloaderMetrics;
import io.vidsift.downloader.SanitizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Kafka shell: read a ChunkRequested, let {@link ChunkDownloader} take it to a final outcome on a worker thread
 * (up to {@code vidsift.downloader.parallelism} at once), publish the outcome until the broker acknowledges it, and
 * only then acknowledge the record, so its offset is committed after the outcome is safe. Acknowledgement is
 * manual because there are three endings, not two:
 * <ul>
 *   <li>done: ack;</li>
 *   <li>a record that cannot be read (not a ChunkRequested, or one that breaks its contract): nack, and the
 *       dead-letter strategy moves it to vidsift.chunks.dlq, the only way anything gets there (short of a bug);
 *       the reason it carries is sanitized ({@link SanitizedException}: no link, no secret);</li>
 *   <li>interrupted while stopping: neither. The offset stays uncommitted and the chunk is redelivered to whoever
 *       owns the partition next; it is not a failure of the chunk.</li>
 * </ul>
 */
@ApplicationScoped
public class ChunkConsumer {

    private static final Logger LOG = Logger.getLogger(ChunkConsumer.class);

    private final ChunkDownloader downloader;
    private final MessageCodec codec;
    private final Credentials credentials;
    private final OutcomePublisher publisher;
    private final ApiHosts apiHosts;
    private final DownloaderMetrics metrics;
    private final AddressPolicy downloadAddresses;

    public ChunkConsumer(ChunkDownloader downloader, MessageCodec codec, Credentials credentials, OutcomePublisher publisher,
                         ApiHosts apiHosts, DownloaderMetrics metrics, AddressPolicy downloadAddresses) {
        this.downloader = downloader;
        this.codec = codec;
        this.credentials = credentials;
        this.publisher = publisher;
        this.apiHosts = apiHosts;
        this.metrics = metrics;
        this.downloadAddresses = downloadAddresses;
    }

    void announce(@Observes StartupEvent event) {
        // Reading the allow-list here makes an invalid entry fail start-up, not every chunk later.
        String hosts = apiHosts.describe();
        if (credentials.source().isEmpty()) {
            LOG.errorf("downloader is NOT READY: %s. It consumes nothing from vidsift.chunks until one is configured.",
                    credentials.missingReason());
        } else {
            LOG.infof("downloader ready: token from %s, sent only to API hosts %s (%s); downloads reach %s (%s)",
                    credentials.source().map(TokenSource::describe).orElseThrow(), hosts, ApiHosts.SETTING,
                    downloadAddresses.describe(), AddressPolicy.SETTING);
        }
    }

    @Incoming(Channels.CHUNKS)
    @Blocking(value = "chunk-workers", ordered = false)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<String> message) {
        ChunkRequested chunk;
        ChunkOutcome outcome;
        try {
            chunk = codec.read(message.getPayload(), ChunkRequested.class);
            outcome = downloader.handle(chunk);
        } catch (BadMessageException e) {
            // Its message becomes the dead-letter-reason header (kept as long as the DLQ) and a log line: a parser's
            // message may quote the record, and with it a signed link or a secret.
            SanitizedException reason = SanitizedException.of(e);
            LOG.warnf("vidsift.chunks: unreadable record, moved to the dead-letter topic: %s", reason.getMessage());
            return message.nack(reason);
        } catch (InterruptedException e) {
            return leaveForRedelivery(message, e);
        } catch (RuntimeException e) {
            // A bug (ChunkDownloader turns every fault of a chunk into an outcome): SmallRye would nack it anyway; the
            // reason it records must be as clean as any other.
            SanitizedException reason = SanitizedException.of(e);
            LOG.errorf(reason, "vidsift.chunks: unexpected error, record moved to the dead-letter topic");
            return message.nack(reason);
        }
        try {
            publisher.publish(outcome);
        } catch (InterruptedException e) {
            return leaveForRedelivery(message, e);
        }
        metrics.chunk(outcome.record().status());
        LOG.infof("chunk %s %s/ch%d %d-%d: %s%s (retries %d)%s", chunk.chunkId(), chunk.window().deviceSerial(),
                chunk.window().channelNo(), chunk.window().requestedBegin(), chunk.window().requestedEnd(),
                outcome.record().status().key(), outcome.skipped() ? " (already on storage, no request)" : "",
                outcome.record().retryCount(), outcome.record().lastError() == null ? "" : ", last error: " + outcome.record().lastError());
        return message.ack();
    }

    private static CompletionStage<Void> leaveForRedelivery(Message<String> message, InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.infof("stopping: a chunk of vidsift.chunks stays uncommitted and will be redelivered (%s)", e.getMessage());
        return CompletableFuture.completedFuture(null);
    }
}
