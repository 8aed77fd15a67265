package io.vidsift.planner.quarkus;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.planner.WorkPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Plans onto the pipeline topics: JobPlanned keyed by job id, ChunkRequested by chunk id (which spreads one
 * device over partitions), VideoReady by video id. A batch is sent whole and then awaited.
 */
@ApplicationScoped
public class KafkaWorkPublisher implements WorkPublisher {

    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

    private final Producer<String, String> producer;
    private final MessageCodec codec;

    public KafkaWorkPublisher(Producer<String, String> producer, MessageCodec codec) {
        this.producer = producer;
        this.codec = codec;
    }

    @Override
    public void planned(JobPlanned planned) {
        KafkaSends.await(List.of(send(Topics.JOBS, planned.jobId(), planned)), KafkaPlanJournal.WRITE_TIMEOUT);
    }

    @Override
    public void chunks(List<ChunkRequested> batch) {
        sendAll(Topics.CHUNKS, batch, ChunkRequested::chunkId);
    }

    @Override
    public void videos(List<VideoReady> batch) {
        sendAll(Topics.VIDEOS, batch, VideoReady::videoId);
    }

    private <T> void sendAll(String topic, List<T> batch, Function<T, String> key) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (T item : batch) {
            sends.add(send(topic, key.apply(item), item));
        }
        KafkaSends.await(sends, BATCH_TIMEOUT);
    }

    private Future<RecordMetadata> send(String topic, String key, Object message) {
        return producer.send(new ProducerRecord<>(topic, key, codec.write(message)));
    }
}
