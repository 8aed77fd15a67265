package io.vidsift.planner.quarkus;

import io.vidsift.common.messages.ChunkRequested;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.planner.WorkPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Plans onto the pipeline topics: JobPlanned (after its JobDevices parts, when it has any) keyed by job id, ChunkRequested by chunk id (which spreads one
 * device over partitions), VideoReady by video id. A batch is sent whole and then awaited.
 */
@ApplicationScoped
public class KafkaWorkPublisher implements WorkPublisher {

    private final Producer<String, String> producer;
    private final MessageCodec codec;

    public KafkaWorkPublisher(Producer<String, String> producer, MessageCodec codec) {
        this.producer = producer;
        this.codec = codec;
    }

    @Override
    public void planned(JobPlanned planned, List<JobDevices> deviceParts) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(deviceParts.size() + 1);
        for (JobDevices part : deviceParts) {
            sends.add(send(Topics.JOBS, planned.jobId(), part));
        }
        sends.add(send(Topics.JOBS, planned.jobId(), planned));
        KafkaSends.await(sends);
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
        KafkaSends.await(sends);
    }

    private Future<RecordMetadata> send(String topic, String key, Object message) {
        return producer.send(new ProducerRecord<>(topic, key, codec.write(message)));
    }
}
