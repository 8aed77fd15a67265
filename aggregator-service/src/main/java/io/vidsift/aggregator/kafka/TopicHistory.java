package io.vidsift.aggregator.kafka;

import io.vidsift.aggregator.History;
import io.vidsift.common.messages.BadMessageException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads the aggregator's topics from the beginning up to the end offsets they have when the replay starts, with
 * a plain consumer outside any group (so it neither joins vidsift-aggregator nor moves its committed offsets).
 * Whatever arrives after that point the group consumer delivers; the overlap is harmless because folds are
 * idempotent.
 */
public final class TopicHistory implements History {

    private static final System.Logger LOG = System.getLogger(TopicHistory.class.getName());

    private final String bootstrapServers;
    private final List<String> topics;
    private final EventDecoder decoder;
    private final Duration timeout;
    // Metadata calls fail fast so that an unreachable broker is retried, not waited on for the whole replay timeout.
    private final Duration metadataTimeout = Duration.ofSeconds(30);

    public TopicHistory(String bootstrapServers, List<String> topics, EventDecoder decoder, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        this.decoder = decoder;
        this.timeout = timeout;
    }

    @Override
    public void replay(Consumer<Object> sink) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "vidsift-aggregator-replay");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // Only read what exists: the replay must not create topics as a side effect.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(metadataTimeout);
            for (String topic : topics) {
                for (PartitionInfo info : existing.getOrDefault(topic, List.of())) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, metadataTimeout));
            end.entrySet().removeIf(e -> consumer.position(e.getKey(), metadataTimeout) >= e.getValue());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!end.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replay of " + topics + " did not reach the end offsets within " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Long stop = end.get(new TopicPartition(record.topic(), record.partition()));
                    if (stop != null && record.offset() < stop) {
                        deliver(record, sink);
                    }
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey(), metadataTimeout) >= e.getValue());
            }
        }
    }

    private void deliver(ConsumerRecord<String, String> record, Consumer<Object> sink) {
        try {
            sink.accept(decoder.decode(record.topic(), record.value()));
        } catch (BadMessageException e) {
            LOG.log(System.Logger.Level.DEBUG, "replay skips {0}-{1}@{2}: {3}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }
}
