package io.vidsift.planner;

import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoReady;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Publishes a plan: JobPlanned first (awaited, so a 202 means the job is on the topic), then the work items in
 * acknowledged batches, so memory stays flat and a broker failure stops the plan with a recorded error.
 */
@ApplicationScoped
public class PlanPublisher {

    private static final Logger LOG = Logger.getLogger(PlanPublisher.class);
    /** Enough in flight to fill the producer's batches, few enough that a plan of millions stays flat in memory. */
    private static final int BATCH = 512;
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

    private final MutinyEmitter<String> jobs;
    private final MutinyEmitter<String> chunks;
    private final MutinyEmitter<String> videos;
    private final MessageCodec codec;
    private final PlannerMetrics metrics;

    public PlanPublisher(@Channel("jobs") MutinyEmitter<String> jobs, @Channel("chunks") MutinyEmitter<String> chunks,
                         @Channel("videos") MutinyEmitter<String> videos, MessageCodec codec, PlannerMetrics metrics) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.chunks = chunks;
        this.videos = videos;
        this.codec = codec;
    }

    void publishHeader(JobPlan plan) {
        send(jobs, plan.planned().jobId(), codec.write(plan.planned())).await().atMost(BATCH_TIMEOUT);
        metrics.jobPlanned(plan.planned().config().mode());
    }

    /** Publishes every work item; {@code progress} receives the running count after each acknowledged batch. */
    void publishItems(JobPlan plan, LongConsumer progress) {
        List<Uni<Void>> inFlight = new ArrayList<>(BATCH);
        long acknowledged = 0;
        // A plan has either chunks or videos; each kind is flushed on its own so every batch counts for one topic.
        Counter published = metrics.chunks();
        for (ChunkRequested chunk : plan.chunks()) {
            inFlight.add(send(chunks, chunk.chunkId(), codec.write(chunk)));
            acknowledged = flushIfFull(inFlight, acknowledged, progress, published);
        }
        acknowledged += flush(inFlight, published);
        published = metrics.videos();
        for (VideoReady video : plan.videos()) {
            inFlight.add(send(videos, video.videoId(), codec.write(video)));
            acknowledged = flushIfFull(inFlight, acknowledged, progress, published);
        }
        acknowledged += flush(inFlight, published);
        progress.accept(acknowledged);
        LOG.infof("job %s: published %d work items", plan.planned().jobId(), acknowledged);
    }

    private static long flushIfFull(List<Uni<Void>> inFlight, long acknowledged, LongConsumer progress, Counter published) {
        if (inFlight.size() < BATCH) {
            return acknowledged;
        }
        long total = acknowledged + flush(inFlight, published);
        progress.accept(total);
        return total;
    }

    /** Awaits the batch's acknowledgements; only then are its items counted as published. */
    private static int flush(List<Uni<Void>> inFlight, Counter published) {
        int size = inFlight.size();
        if (size > 0) {
            Uni.join().all(inFlight).andFailFast().runSubscriptionOn(Infrastructure.getDefaultExecutor())
                    .await().atMost(BATCH_TIMEOUT);
            inFlight.clear();
            published.increment(size);
        }
        return size;
    }

    private static Uni<Void> send(MutinyEmitter<String> emitter, String key, String json) {
        return emitter.sendMessage(Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
