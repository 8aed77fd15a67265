package io.vidsift.downloader.quarkus;

import io.smallrye.reactive.messaging.kafka.Record;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.downloader.Backoff;
import io.vidsift.downloader.ChunkOutcome;
import io.vidsift.downloader.DownloaderSettings;
import io.vidsift.downloader.LogRedactor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a chunk's outcome and returns only once the broker has acknowledged it: a failed or slow publish (a
 * broker restart) is waited for and retried, never given up and never dead-lettered, so the chunk's offset is not
 * committed before its outcome is safe. While publishing fails, readiness says so ({@link #problem()}).
 */
@ApplicationScoped
public class OutcomePublisher {

    private static final Logger LOG = Logger.getLogger(OutcomePublisher.class);

    private final MessageCodec codec;
    private final Emitter<Record<String, String>> downloads;
    private final Emitter<Record<String, String>> videos;
    private final Backoff backoff;
    private final Duration timeout;
    private volatile String problem;

    public OutcomePublisher(MessageCodec codec, @Channel(Channels.DOWNLOADS) Emitter<Record<String, String>> downloads,
                            @Channel(Channels.VIDEOS) Emitter<Record<String, String>> videos, Backoff backoff,
                            DownloaderSettings settings) {
        this.codec = codec;
        this.downloads = downloads;
        this.videos = videos;
        this.backoff = backoff;
        this.timeout = settings.publishTimeout();
    }

    public void publish(ChunkOutcome outcome) throws InterruptedException {
        // The record goes out before the video, so whoever sees a video can already find its chunk's record.
        send(downloads, Topics.DOWNLOADS, Record.of(outcome.record().jobId(), codec.write(outcome.record())));
        if (outcome.video().isPresent()) {
            VideoReady video = outcome.video().get();
            send(videos, Topics.VIDEOS, Record.of(video.videoId(), codec.write(video)));
        }
    }

    /** Why publishing is failing right now, if it is. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void send(Emitter<Record<String, String>> emitter, String topic, Record<String, String> record) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                CompletableFuture<Void> sent = emitter.send(record).toCompletableFuture();
                while (true) {
                    try {
                        sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                        if (problem != null) {
                            LOG.infof("publishing to %s works again", topic);
                            problem = null;
                        }
                        return;
                    } catch (TimeoutException slow) {
                        // The producer is still retrying (broker away): resending would only make a duplicate.
                        noteProblem(topic, "no acknowledgement for " + timeout.toSeconds() + " s", attempt);
                    }
                }
            } catch (ExecutionException e) {
                noteProblem(topic, describe(e.getCause()), attempt);
            } catch (RuntimeException e) {
                noteProblem(topic, describe(e), attempt); // e.g. the emitter's buffer is full while the broker is away
            }
            Thread.sleep(backoff.delay(attempt).toMillis());
        }
    }

    private void noteProblem(String topic, String detail, int attempt) {
        problem = "publishing to " + topic + " is failing: " + detail;
        LOG.warnf("%s (try %d); the chunk's offset stays uncommitted, trying again", problem, attempt);
    }

    private static String describe(Throwable e) {
        // It goes into a log line and the readiness answer: one clean line, like every reason this service shows.
        return e == null ? "unknown" : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + LogRedactor.forRecord(e.getMessage()));
    }
}
