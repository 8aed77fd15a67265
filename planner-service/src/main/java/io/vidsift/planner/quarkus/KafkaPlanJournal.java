package io.vidsift.planner.quarkus;

import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.planner.PlanJournal;
import io.vidsift.planner.PlanProgress;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The plan journal on {@code vidsift.plans}: one partition (the order of acceptance is the order of resumption),
 * compacted (the latest entry per key is all a restart needs). The planner creates the topic when it is missing,
 * so an existing deployment needs no new manifest to start; a managed cluster may pre-create it the same way.
 */
@ApplicationScoped
public class KafkaPlanJournal implements PlanJournal {

    private static final Logger LOG = Logger.getLogger(KafkaPlanJournal.class);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Producer<String, String> producer;
    private final Admin admin;
    private final KafkaClients clients;
    private final MessageCodec codec;

    public KafkaPlanJournal(Producer<String, String> producer, Admin admin, KafkaClients clients, MessageCodec codec) {
        this.producer = producer;
        this.admin = admin;
        this.clients = clients;
        this.codec = codec;
    }

    @Override
    public void write(PlanProgress entry) {
        KafkaSends.await(List.of(producer.send(new ProducerRecord<>(Topics.PLANS, entry.key(), codec.write(entry)))), WRITE_TIMEOUT);
    }

    @Override
    public void forget(String key) {
        KafkaSends.await(List.of(producer.send(new ProducerRecord<>(Topics.PLANS, key, null))), WRITE_TIMEOUT);
    }

    @Override
    public List<PlanProgress> readAll() {
        ensureTopic();
        Map<String, PlanProgress> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = clients.journalReader()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : Optional.ofNullable(consumer.partitionsFor(Topics.PLANS, READ_TIMEOUT)).orElse(List.of())) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, READ_TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the plan journal was not read to its end within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    fold(latest, record);
                }
            }
        }
        return List.copyOf(latest.values());
    }

    private void fold(Map<String, PlanProgress> latest, ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            latest.remove(record.key());
            return;
        }
        try {
            latest.put(record.key(), codec.read(record.value(), PlanProgress.class));
        } catch (BadMessageException e) {
            LOG.warnf("plan journal: skipping an unreadable entry at offset %d", record.offset());
        }
    }

    private void ensureTopic() {
        NewTopic topic = new NewTopic(Topics.PLANS, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(topic)).all().get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LOG.infof("created the plan journal topic %s (compacted)", Topics.PLANS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + Topics.PLANS + ": " + e.getCause().getClass().getSimpleName(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create " + Topics.PLANS + " within " + READ_TIMEOUT.toSeconds() + " s", e);
        }
    }
}
