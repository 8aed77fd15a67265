package io.vidsift.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.streams.EventDecoder;
import io.vidsift.common.messages.MessageCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A recorded event sequence from src/test/resources/fixtures: one Kafka record per line (topic, key, value). */
public record Fixture(String jobId, List<Fixture.Record> records) {

    public record Record(String topic, String key, String value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Fixture load(String jobId) {
        try (InputStream in = Fixture.class.getResourceAsStream("/fixtures/" + jobId + ".jsonl")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + jobId);
            }
            List<Record> records = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode node = JSON.readTree(line);
                    records.add(new Record(node.get("topic").asText(), node.get("key").asText(), JSON.writeValueAsString(node.get("value"))));
                }
            }
            return new Fixture(jobId, List.copyOf(records));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records decoded the way the service decodes them (its own JobCompleted records are not events). */
    public List<AggregatorEvent> events() {
        EventDecoder decoder = new EventDecoder(new MessageCodec());
        return records.stream().map(r -> decoder.decode(r.topic(), r.value())).filter(java.util.Objects::nonNull).toList();
    }

    public Fixture slice(int from, int to) {
        return new Fixture(jobId, records.subList(from, to));
    }

    public void produce(String bootstrapServers) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))) {
            for (Record record : records) {
                producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value())).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce fixture " + jobId, e);
        }
    }
}
