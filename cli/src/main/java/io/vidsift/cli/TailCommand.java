package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a topic's records as JSON lines ({topic, partition, offset, timestamp, key, value}). Follows new records "
                + "until Ctrl-C, --max or --timeout-seconds. Reads without a consumer group, so services are not disturbed.")
public class TailCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOption broker;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "e.g. vidsift.downloads")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest record instead of the end.")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many records (0: no limit).")
    long max;

    @Option(names = "--timeout-seconds", defaultValue = "0", description = "Stop after this many seconds (0: follow until Ctrl-C).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.servers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                spec.commandLine().getErr().println("error: TOPIC: no such topic: " + topic);
                return ExitCode.USAGE;
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long deadline = timeoutSeconds > 0 ? System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos() : Long.MAX_VALUE;
            long printed = 0;
            while (System.nanoTime() < deadline && (max == 0 || printed < max)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(line(mapper, record));
                    if (++printed == max) {
                        break;
                    }
                }
                out.flush();
            }
            return ExitCode.COMPLETED;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StackException("cannot read " + topic + " from " + broker.servers() + ": " + e.getMessage(), e);
        }
    }

    static String line(ObjectMapper mapper, ConsumerRecord<String, String> record) {
        ObjectNode line = mapper.createObjectNode().put("topic", record.topic()).put("partition", record.partition())
                .put("offset", record.offset()).put("timestamp", record.timestamp()).put("key", record.key());
        try {
            JsonNode value = record.value() == null ? null : mapper.readTree(record.value());
            line.set("value", value);
        } catch (IOException notJson) {
            line.put("value", record.value());
        }
        return line.toString();
    }
}
