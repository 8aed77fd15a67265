package io.vidsift.cli.stack;

import io.vidsift.cli.StackException;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import io.vidsift.kafka.EmbeddedKafka;
import io.vidsift.kafka.KRaftConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system on one machine: a single-node KRaft broker as its own JVM, the four services (and optionally
 * the simulator) as child JVMs from their {@code target/quarkus-app} jars, each on a free loopback port and
 * health-checked before the stack counts as up. {@link #close()} stops everything, services first, broker last.
 */
public final class Stack implements AutoCloseable {

    public static final String STATE_FILE = "stack.json";
    private static final Duration STARTUP = Duration.ofSeconds(180);
    public static final int PARTITIONS = 3;

    private final Home home;
    private final List<ManagedProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> portOf = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Supervisor supervisor;
    private volatile StackInfo info;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean closed;

    public Stack(Home home) {
        this.home = home;
    }

    public StackInfo start(StackOptions options) {
        for (String module : modules(options)) {
            if (!Files.isRegularFile(home.serviceJar(module))) {
                throw new StackException(module + " is not built (" + home.serviceJar(module)
                        + " is missing): run ./mvnw -B package -DskipTests, or use the ./vidsift launcher which builds it");
            }
        }
        Path logs = options.workDir().resolve("logs");
        List<InputMount> mounts = InputMounts.mount(options.storageRoot(), options.inputs());
        String bootstrap = startBroker(options.workDir().resolve("kafka"), logs);
        createTopics(bootstrap);

        Map<String, Integer> ports = new HashMap<>();
        for (String module : modules(options)) {
            int port = KRaftConfig.freePort();
            while (ports.containsValue(port)) {
                port = KRaftConfig.freePort();
            }
            ports.put(module, port);
        }
        String simulatorUrl = null;
        if (options.withSimulator()) {
            simulatorUrl = url(ports.get("hik-cloud-simulator"));
            Map<String, String> env = new HashMap<>();
            env.put("VIDSIFT_SIMULATOR_SCENARIO", options.simulatorScenario().toAbsolutePath().toString());
            env.put("VIDSIFT_SIMULATOR_CACHE_DIR", options.workDir().resolve("simulator").toAbsolutePath().toString());
            startService("hik-cloud-simulator", ports.get("hik-cloud-simulator"), bootstrap, options, env, "-Xmx384m", logs);
        }
        startService("aggregator-service", ports.get("aggregator-service"), bootstrap, options, ServiceEnv.of("aggregator-service", options, mounts), "-Xmx512m", logs);
        startService("analyzer-service", ports.get("analyzer-service"), bootstrap, options, ServiceEnv.of("analyzer-service", options, mounts), "-Xmx1g", logs);
        startService("downloader-service", ports.get("downloader-service"), bootstrap, options, options.downloaderEnv(), "-Xmx384m", logs);
        startService("planner-service", ports.get("planner-service"), bootstrap, options, ServiceEnv.of("planner-service", options, mounts), "-Xmx384m", logs);
        awaitHealthy(ports, options.downloaderHasTokenSource());

        info = new StackInfo(options.workDir().toAbsolutePath().toString(), options.storageRoot().toAbsolutePath().toString(),
                bootstrap, url(ports.get("planner-service")), url(ports.get("aggregator-service")), simulatorUrl, members(),
                options.apiKey(), mounts);
        write(options.workDir(), info);
        return info;
    }

    /**
     * From now on (after {@link #start}) a child that dies is restarted (backoff, a log line on stderr), and
     * stack.json follows its new pid and restart count. Only while this CLI process runs: {@code vidsift run} and
     * {@code demo} call it; {@code stack up} returns at once and leaves no supervisor behind.
     */
    public void supervise() {
        Path workDir = Path.of(info.workDir());
        Supervisor watching = new Supervisor(System.err, restarted -> {
            StackInfo current = info;
            info = new StackInfo(current.workDir(), current.storageRoot(), current.bootstrapServers(), current.plannerUrl(),
                    current.aggregatorUrl(), current.simulatorUrl(), members(), current.apiKey(), current.inputs());
            write(workDir, info);
        });
        processes.forEach(watching::watch);
        supervisor = watching;
    }

    private List<StackInfo.Member> members() {
        return processes.stream().map(p -> new StackInfo.Member(p.name(), p.pid(), portOf.get(p.name()), p.log().toString(),
                p.restarts())).toList();
    }

    private static List<String> modules(StackOptions options) {
        List<String> modules = new ArrayList<>(List.of("planner-service", "downloader-service", "analyzer-service", "aggregator-service"));
        if (options.withSimulator()) {
            modules.add("hik-cloud-simulator");
        }
        return modules;
    }

    private String startBroker(Path dataDir, Path logs) {
        KRaftConfig config = KRaftConfig.onFreePorts(dataDir, PARTITIONS);
        Path properties = dataDir.resolve("server.properties");
        config.format(properties);
        List<String> command = List.of(Home.java().toString(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", Home.kafkaClasspath(), "kafka.Kafka", properties.toString());
        ManagedProcess broker = track(ManagedProcess.start("kafka", command, Map.of(), logs.resolve("kafka.log")), config.brokerPort());
        awaitBroker(config.bootstrapServers(), broker);
        return config.bootstrapServers();
    }

    private void awaitBroker(String bootstrap, ManagedProcess broker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                if (!broker.alive()) {
                    throw new StackException("Kafka broker exited during start-up:\n" + broker.logTail(20));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new StackException("Kafka broker did not answer on " + bootstrap + " within 60 s; log: " + broker.log());
                    }
                    sleep(200);
                }
            }
        }
    }

    private static void createTopics(String bootstrap) {
        List<String> topics = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(t -> topics.add(Topics.deadLetter(t)));
        EmbeddedKafka.createTopics(bootstrap, topics, PARTITIONS);
    }

    private void startService(String module, int port, String bootstrap, StackOptions options, Map<String, String> extraEnv,
                               String heap, Path logs) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("VIDSIFT_STORAGE_ROOT", options.storageRoot().toAbsolutePath().toString());
        List<String> command = List.of(Home.java().toString(), heap, "-XX:+UseSerialGC", "-XX:+IgnoreUnrecognizedVMOptions",
                "--enable-native-access=ALL-UNNAMED", "-jar", home.serviceJar(module).toString());
        track(ManagedProcess.start(module, command, env, logs.resolve(module + ".log")), port);
    }

    private ManagedProcess track(ManagedProcess process, int port) {
        processes.add(process);
        portOf.put(process.name(), port);
        return process;
    }

    private void awaitHealthy(Map<String, Integer> ports, boolean downloaderReady) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        for (ManagedProcess process : List.copyOf(processes)) {
            Integer port = ports.get(process.name());
            if (port == null) {
                continue;
            }
            boolean liveOnly = "downloader-service".equals(process.name()) && !downloaderReady;
            URI ready = URI.create(url(port) + (liveOnly ? "/q/health/live" : "/q/health/ready"));
            while (!answers(ready)) {
                if (!process.alive()) {
                    throw new StackException(process.name() + " exited during start-up:\n" + process.logTail(25));
                }
                if (System.nanoTime() > deadline) {
                    throw new StackException(process.name() + " was not ready within " + STARTUP.toSeconds() + " s ("
                            + ready + "); log: " + process.log() + "\n" + process.logTail(15));
                }
                sleep(250);
            }
        }
    }

    private boolean answers(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the stack");
        }
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    public static void write(Path workDir, StackInfo info) {
        try {
            Files.createDirectories(workDir);
            Path tmp = workDir.resolve(STATE_FILE + ".tmp");
            StateFile.createOwnerOnly(tmp);
            Files.writeString(tmp, new MessageCodec().mapper().writerWithDefaultPrettyPrinter().writeValueAsString(info));
            Files.move(tmp, workDir.resolve(STATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("cannot write " + workDir.resolve(STATE_FILE) + ": " + e.getMessage(), e);
        }
    }

    public static java.util.Optional<StackInfo> read(Path workDir) {
        Path file = workDir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new MessageCodec().mapper().readValue(file.toFile(), StackInfo.class));
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stops the processes of a stack started by another CLI run, services first, broker last. */
    public static void stop(StackInfo info) {
        List<StackInfo.Member> order = new ArrayList<>(info.processes());
        Collections.reverse(order);
        order.stream().filter(m -> !"kafka".equals(m.name())).parallel().forEach(m -> ManagedProcess.stop(m.pid()));
        order.stream().filter(m -> "kafka".equals(m.name())).forEach(m -> ManagedProcess.stop(m.pid()));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (supervisor != null) {
            supervisor.close(); // stopping is not dying: nothing may come back now
        }
        List<ManagedProcess> order = new ArrayList<>(processes);
        Collections.reverse(order);
        // Services stop together (each flushes and leaves its group), then the broker they were talking to.
        order.stream().filter(p -> !"kafka".equals(p.name())).parallel().forEach(ManagedProcess::stop);
        order.stream().filter(p -> "kafka".equals(p.name())).forEach(ManagedProcess::stop);
    }

    /** A child by name (kafka, planner-service, ..., hik-cloud-simulator): for tests that break it on purpose. */
    public java.util.Optional<ManagedProcess> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static boolean anyAlive(StackInfo info) {
        return info.processes().stream().anyMatch(m -> ProcessHandle.of(m.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
