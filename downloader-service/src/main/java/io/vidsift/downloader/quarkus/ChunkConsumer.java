package io.vidsift.downloader.quarkus;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vidsift.common.config.TokenSource;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.downloader.AddressPolicy;
import io.vidsift.downloader.ApiHosts;
import io.vidsift.downloader.ChunkDownloader;
import io.vidsift.downloader.ChunkOutcome;
import io.vidsift.downloader.DownloaderMetrics;
import io.vidsift.downloader.SanitizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * The Kafka shell: read a ChunkRequested, let {@link ChunkDownloader} do the work on a worker thread (up to
 * {@code vidsift.downloader.parallelism} at once), publish the outcome and wait for the broker's ack. Only then
 * does the method return, so the offset is committed after the outcome is safe. A record that is not a
 * ChunkRequested throws, and the dead-letter strategy moves it to vidsift.chunks.dlq.
 */
@ApplicationScoped
public class ChunkConsumer {

    private static final Logger LOG = Logger.getLogger(ChunkConsumer.class);
    private static final long PUBLISH_TIMEOUT_SECONDS = 60;

    private final ChunkDownloader downloader;
    private final MessageCodec codec;
    private final Credentials credentials;
    private final Emitter<Record<String, String>> downloads;
    private final Emitter<Record<String, String>> videos;
    private final ApiHosts apiHosts;
    private final DownloaderMetrics metrics;
    private final AddressPolicy downloadAddresses;

    public ChunkConsumer(ChunkDownloader downloader, MessageCodec codec, Credentials credentials,
                         @Channel("downloads") Emitter<Record<String, String>> downloads,
                         @Channel("videos") Emitter<Record<String, String>> videos, ApiHosts apiHosts, DownloaderMetrics metrics,
                         AddressPolicy downloadAddresses) {
        this.downloader = downloader;
        this.codec = codec;
        this.credentials = credentials;
        this.downloads = downloads;
        this.videos = videos;
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

    @Incoming("chunks")
    @Blocking(value = "chunk-workers", ordered = false)
    public void consume(String payload) throws Exception {
        try {
            handle(payload);
        } catch (RuntimeException e) {
            throw SanitizedException.of(e); // its message becomes a dead-letter header: never a link or a secret
        }
    }

    private void handle(String payload) throws Exception {
        ChunkRequested chunk = codec.read(payload, ChunkRequested.class);
        ChunkOutcome outcome = downloader.handle(chunk);
        // The record goes out before the video, so whoever sees a video can already find its chunk's record.
        downloads.send(Record.of(outcome.record().chunkId(), codec.write(outcome.record())))
                .toCompletableFuture().get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (outcome.video().isPresent()) {
            VideoReady video = outcome.video().get();
            videos.send(Record.of(video.videoId(), codec.write(video)))
                    .toCompletableFuture().get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        metrics.chunk(outcome.record().status());
        LOG.infof("chunk %s %s/ch%d %d-%d: %s%s (retries %d)%s", chunk.chunkId(), chunk.window().deviceSerial(),
                chunk.window().channelNo(), chunk.window().requestedBegin(), chunk.window().requestedEnd(),
                outcome.record().status().key(), outcome.skipped() ? " (already on storage, no request)" : "",
                outcome.record().retryCount(), outcome.record().lastError() == null ? "" : ", last error: " + outcome.record().lastError());
    }
}
