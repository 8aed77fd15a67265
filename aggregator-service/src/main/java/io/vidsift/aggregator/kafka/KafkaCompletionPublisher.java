package io.vidsift.aggregator.kafka;

import io.vidsift.aggregator.CompletionPublisher;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes JobCompleted on vidsift.jobs keyed by job_id, the same partition as the job's JobPlanned, and waits for
 * the broker's acknowledgement so that a job is only marked announced once the record is really there.
 */
public final class KafkaCompletionPublisher implements CompletionPublisher, AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final MessageCodec codec;
    private final Duration timeout;

    public KafkaCompletionPublisher(String bootstrapServers, MessageCodec codec, Duration timeout) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "vidsift-aggregator-completions");
        this.producer = new KafkaProducer<>(props);
        this.codec = codec;
        this.timeout = timeout;
    }

    @Override
    public void publish(JobCompleted completed) {
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS, completed.jobId(), codec.write(completed)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while announcing " + completed.jobId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot announce " + completed.jobId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
