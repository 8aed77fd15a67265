package io.vidsift.kafka;

import kafka.tools.StorageTool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The settings of a single-node KRaft broker on loopback: one process is broker and controller, every internal
 * topic has replication factor 1, and the group join delay is 0 so that consumers start at once. The same
 * properties serve the in-process broker of the tests and the broker JVM that the CLI starts.
 */
public record KRaftConfig(Path logDir, int brokerPort, int controllerPort, int partitions) {

    public static final String CLUSTER_ID = "vidsift-kraft-cluster1";
    /** Where {@link #freePort()} starts looking: above the ports services usually have for themselves. */
    private static final int FIRST_PORT = 10_000;

    /** Free loopback ports picked now, a log dir under {@code dataDir}. */
    public static KRaftConfig onFreePorts(Path dataDir, int partitions) {
        int broker = freePort();
        int controller = freePort();
        while (controller == broker) {
            controller = freePort();
        }
        return new KRaftConfig(dataDir.resolve("kraft-logs"), broker, controller, partitions);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Properties properties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("num.partitions", Integer.toString(partitions));
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        // Fewer offsets partitions than the default 50: start-up and the first group join are much faster.
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.retention.hours", "168");
        return p;
    }

    /** Writes the properties to {@code file}; used as the broker JVM's server.properties and by the format step. */
    public Path write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                properties().store(out, "vidsift single-node KRaft broker");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the properties to {@code propertiesFile} and formats the log dir as {@code kafka-storage.sh format
     * --standalone} does; a dir formatted before is left as it is, so a stopped stack restarts with its data.
     */
    public void format(Path propertiesFile) {
        write(propertiesFile);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[]{"format", "--cluster-id", CLUSTER_ID, "--config",
                propertiesFile.toString(), "--standalone", "--ignore-formatted"}, new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed (" + rc + "): " + captured.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * A loopback port that is free now, picked at random below the kernel's ephemeral range. Whoever asks binds it
     * only later (a broker or a service JVM: seconds later). A port from the ephemeral range, which binding port 0
     * answers, is also what every outgoing connection on the machine may be given meanwhile (Kafka clients open
     * many), so on a busy machine a start-up now and then found its port taken; below that range only another
     * listener can take it. Falls back to port 0 where the range leaves no room.
     */
    public static int freePort() {
        int low = ephemeralRangeStart();
        for (int attempt = 0; low - FIRST_PORT > 1000 && attempt < 200; attempt++) {
            int port = FIRST_PORT + java.util.concurrent.ThreadLocalRandom.current().nextInt(low - FIRST_PORT);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // Someone listens there; try another.
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The first port the kernel hands to outgoing connections (Linux; 32768 elsewhere, the usual default). */
    static int ephemeralRangeStart() {
        // A line reader: Files.readString/readAllBytes trust the size /proc reports and return a single byte.
        try (java.io.BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
