package io.vidsift.aggregator;

import io.vidsift.aggregator.streams.EventDecoder;
import io.vidsift.common.messages.JobCompleted;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a topic from the beginning to its current end, outside any consumer group. */
public final class JobsTopic {

    private JobsTopic() {
    }

    public static List<ConsumerRecord<String, String>> all(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                // Only committed transactions: an aborted JobCompleted (an instance died before its commit) is not one.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Every JobCompleted published for {@code jobId} so far. */
    public static List<JobCompleted> completions(String bootstrapServers, String jobId) {
        EventDecoder decoder = new EventDecoder(new MessageCodec());
        List<JobCompleted> completions = new ArrayList<>();
        for (ConsumerRecord<String, String> record : all(bootstrapServers, Topics.JOBS)) {
            if (jobId.equals(record.key()) && decoder.job(record.value()) instanceof JobCompleted completed) {
                completions.add(completed);
            }
        }
        return completions;
    }
}
