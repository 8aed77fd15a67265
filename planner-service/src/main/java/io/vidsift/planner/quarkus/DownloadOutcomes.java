package io.vidsift.planner.quarkus;

import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.planner.ChunkWindows;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows {@code vidsift.downloads} from its end (no consumer group, nothing committed: only outcomes of chunks
 * published by this run matter to the windows) and hands each chunk's outcome to {@link ChunkWindows}. Needs
 * read access to that topic (no group ACL).
 */
@ApplicationScoped
public class DownloadOutcomes {

    private static final Logger LOG = Logger.getLogger(DownloadOutcomes.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration POSITIONED = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final ChunkWindows windows;
    private final MessageCodec codec;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public DownloadOutcomes(KafkaClients clients, ChunkWindows windows, MessageCodec codec) {
        this.clients = clients;
        this.windows = windows;
        this.codec = codec;
    }

    /** Starts following, and waits (bounded) until the consumer is positioned at the topic's end. */
    synchronized void start() {
        thread = new Thread(this::follow, "download-outcomes");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!positioned.await(POSITIONED.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warnf("%s not reachable yet; windows are released by time until it is", Topics.DOWNLOADS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void stop() throws InterruptedException {
        KafkaConsumer<String, String> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private void follow() {
        try (KafkaConsumer<String, String> reader = clients.outcomeReader()) {
            consumer = reader;
            List<TopicPartition> partitions = partitions(reader);
            boolean existed = !partitions.isEmpty();
            if (!existed) {
                // Nothing recorded yet, so nothing to miss: publishing may start. The topic appears with the
                // first outcome, and all of it is then new.
                positioned.countDown();
            }
            while (partitions.isEmpty() && !Thread.currentThread().isInterrupted()) {
                Thread.sleep(POLL.toMillis());
                partitions = partitions(reader);
            }
            reader.assign(partitions);
            if (existed) {
                reader.seekToEnd(partitions);
                partitions.forEach(reader::position);
            } else {
                reader.seekToBeginning(partitions);
            }
            positioned.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> record : reader.poll(POLL)) {
                    recorded(record);
                }
            }
        } catch (WakeupException | InterruptedException stopping) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.errorf("stopped following %s (%s); windows are released by time from now on", Topics.DOWNLOADS, e.getClass().getSimpleName());
        } finally {
            positioned.countDown();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> reader) {
        List<PartitionInfo> infos = reader.partitionsFor(Topics.DOWNLOADS, Duration.ofSeconds(10));
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private void recorded(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            DownloadRecorded outcome = codec.read(record.value(), DownloadRecorded.class);
            // An address without its download yet (not a dry run) still occupies a downloader.
            if (outcome.status() != null && outcome.status().terminal(outcome.dryRun())) {
                windows.recorded(outcome.jobId(), outcome.chunkId());
            }
        } catch (BadMessageException e) {
            // The aggregator dead-letters it; here it only fails to release a window, which time does.
        }
    }
}
