package io.vidsift.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node KRaft broker running inside this JVM, built from Apache Kafka's own {@code kafka_2.13} jar:
 * the log dir is formatted the way {@code kafka-storage.sh format --standalone} does it, then
 * {@link KafkaRaftServer} starts as combined broker and controller on free loopback ports. These are Kafka's
 * internal classes, so the jar's version is pinned to the client's in the parent POM.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dataDir;
    private final KRaftConfig config;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, KRaftConfig config, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.config = config;
        this.server = server;
    }

    /** Formats a fresh temp log dir and starts the broker; returns once it answers an admin request. */
    public static EmbeddedKafka start(int partitions) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("vidsift-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KRaftConfig config = KRaftConfig.onFreePorts(dataDir, partitions);
        config.format(dataDir.resolve("server.properties"));
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config.properties(), false), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, config, server);
        kafka.awaitReady(Duration.ofSeconds(60));
        return kafka;
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** Creates topics with this broker's partition count; existing ones are left as they are. */
    public void createTopics(Collection<String> names) {
        createTopics(bootstrapServers(), names, config.partitions());
    }

    public static void createTopics(String bootstrapServers, Collection<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String name : names) {
                try {
                    admin.createTopics(java.util.List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic creation timed out", e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded Kafka did not become ready in " + timeout, e);
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: it is a temp dir.
        }
    }
}
