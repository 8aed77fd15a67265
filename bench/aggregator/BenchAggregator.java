import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.time.Chunk;
import io.vidsift.common.time.ChunkPlan;
import io.vidsift.common.messages.ClassStats;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.ClipSums;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.Ids;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Probe;
import io.vidsift.common.messages.Schema;
import io.vidsift.common.messages.Topics;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.storage.ClipFile;
import io.vidsift.common.storage.StorageLayout;
import io.vidsift.kafka.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The aggregator under load: a job planned by the real planner (its jar, over HTTP), every chunk's downloader
 * and analyzer events produced straight to the topics the way those services would, and the real aggregator jar
 * folding them. Prints events/s, the aggregator's peak heap and RSS, seconds from the last event to the
 * JobCompleted (written after the final files), the JobCompleted count, and the time from a SIGKILL and restart
 * to the status API answering again. Run by bench/aggregator/run.sh.
 *
 * Args: cameras days clipsPerVideo workDir repoRoot aggregatorHeap
 * (clipsPerVideo 0: every chunk is an empty one, no_recording; else every chunk is downloaded and analysed,
 * its clip rows in a file on storage, schema 2.)
 */
public class BenchAggregator {

    static final String KEY = "bench-api-key";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final MessageCodec CODEC = new MessageCodec();

    public static void main(String[] args) throws Exception {
        int cameras = Integer.parseInt(args[0]);
        int days = Integer.parseInt(args[1]);
        int clipsPerVideo = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]).toAbsolutePath();
        Path repo = Path.of(args[4]).toAbsolutePath();
        String heap = args[5];
        Path storage = Files.createDirectories(work.resolve("storage"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(6)) {
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopics(Topics.ALL);
            int plannerPort = freePort();
            int aggregatorPort = freePort();
            Process planner = start(repo.resolve("planner-service/target/quarkus-app/quarkus-run.jar"), "256m",
                    Map.of("QUARKUS_HTTP_PORT", "" + plannerPort), bootstrap, storage, work.resolve("planner.log"));
            // MALLOC_ARENA_MAX as the aggregator's image and the CLI's stack set it.
            Map<String, String> aggregatorEnv = Map.of("QUARKUS_HTTP_PORT", "" + aggregatorPort,
                    "VIDSIFT_AGGREGATOR_STATE_DIR", work.resolve("aggregator-state").toString(), "MALLOC_ARENA_MAX", "2");
            Path aggregatorJar = repo.resolve("aggregator-service/target/quarkus-app/quarkus-run.jar");
            Process aggregator = null;
            try {
                awaitReady(plannerPort, planner);
                // BENCH_WARMUP=N: a job of N cameras over the same days is folded first by the same aggregator, so that
                // the measured job meets a warm JVM, as a running aggregator's next job does; the measured job's records
                // are made before and produced once the warm-up job is complete, while the aggregator runs.
                int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "0"));
                String warmJob = warmup > 0 ? submit(plannerPort, warmup, days, "out/bench-warmup-" + warmup + "x" + days) : null;
                JobPlanned warmPlan = warmJob == null ? null : awaitPlan(bootstrap, warmJob);
                String job = submit(plannerPort, cameras, days, "out/bench-" + cameras + "x" + days);
                JobPlanned plan = awaitPlan(bootstrap, job);
                // The plan is in vidsift.jobs; the planner's ChunkRequested records are for downloaders, which this
                // bench stands in for: it enumerates the same chunks (the planner's ChunkPlan and chunk ids) and
                // stops the planner, so that its publishing does not share the CPU with the aggregator.
                planner.destroyForcibly();
                planner.waitFor();
                long produceStart = System.nanoTime();
                List<ProducerRecord<String, String>> later = new ArrayList<>();
                long warmEvents = warmPlan == null ? 0 : produce(bootstrap, warmPlan, clipsPerVideo, storage);
                long events = warmPlan == null ? produce(bootstrap, plan, clipsPerVideo, storage)
                        : events(plan, clipsPerVideo, storage, later::add);
                System.out.printf("job %s: %d cameras x %d days = %d chunks, %d clips per video%n", job, cameras, days,
                        plan.chunks(), clipsPerVideo);
                if (warmPlan == null) {
                    System.out.printf("events: %d (plus the plan), produced in %.1f s before the aggregator starts%n", events,
                            (System.nanoTime() - produceStart) / 1e9);
                } else {
                    System.out.printf("warm-up job %s: %d cameras, %d events produced before the aggregator starts; the measured"
                            + " job's %d events made in %.1f s, produced once the warm-up job is complete%n", warmJob, warmup,
                            warmEvents, events, (System.nanoTime() - produceStart) / 1e9);
                }

                long startedAt = System.nanoTime();
                aggregator = start(aggregatorJar, heap, aggregatorEnv, bootstrap, storage, work.resolve("aggregator.log"));
                awaitReady(aggregatorPort, aggregator);
                long ready = System.nanoTime();
                long before = 0;
                if (warmPlan != null) {
                    awaitCompleted(bootstrap, warmJob, aggregator);
                    before = (long) sum(RECORDS, get(aggregatorPort, "/q/metrics"));
                    System.out.printf("warm-up job folded and complete %.1f s after ready (%d records folded, the measured job's"
                            + " plan among them)%n", (System.nanoTime() - ready) / 1e9, before);
                }
                double[] writesReady = progressWrites(get(aggregatorPort, "/q/metrics"));
                long cpuReady = cpuTicks(aggregator.pid());
                long brokerReady = cpuTicks(ProcessHandle.current().pid());
                long[] machineReady = machineTicks();
                Map<String, Long> threadsReady = cpuByThread(aggregator.pid());
                Sampler sampler = new Sampler(aggregator.pid(), aggregatorPort);
                sampler.start();
                long foldFrom = ready;
                if (warmPlan != null) {
                    foldFrom = System.nanoTime();
                    produce(bootstrap, later);
                    later.clear();
                    System.out.printf("measured job's events produced in %.1f s, the aggregator folding meanwhile%n",
                            (System.nanoTime() - foldFrom) / 1e9);
                }
                long folded = awaitFolded(aggregatorPort, warmPlan == null ? events + 1 : before + events, aggregator);
                long cpuFolded = cpuTicks(aggregator.pid());
                long brokerFolded = cpuTicks(ProcessHandle.current().pid());
                long[] machineFolded = machineTicks();
                Map<String, Long> threadsFolded = cpuByThread(aggregator.pid());
                double[] writesFolded = progressWrites(get(aggregatorPort, "/q/metrics"));
                long completed = awaitCompleted(bootstrap, job, aggregator);
                sampler.stop();
                double foldSeconds = (folded - foldFrom) / 1e9;
                System.out.printf("aggregator start to ready: %.1f s%n", (ready - startedAt) / 1e9);
                System.out.printf("events/s folded: %.0f (wall: %s to last event folded, %.1f s; best 10 s window %.0f)%n",
                        events / foldSeconds, warmPlan == null ? "ready" : "first event produced", foldSeconds, sampler.bestRate());
                System.out.printf("fold rate per window: %s%n", sampler.trace());
                System.out.printf("events per aggregator CPU second: %.0f (%.1f CPU s for the fold)%n",
                        events / ((cpuFolded - cpuReady) / 100.0), (cpuFolded - cpuReady) / 100.0);
                System.out.printf("fold CPU by thread: %s%n", cpuSplit(threadsReady, threadsFolded));
                // The broker shares the 2 cores: its CPU (this JVM's: the embedded broker and the status polls) and the
                // machine's, so that a figure taken beside other work says so.
                System.out.printf("during the fold: broker JVM %.1f CPU s; machine busy %.1f of %.1f CPU s%n",
                        (brokerFolded - brokerReady) / 100.0, (machineFolded[0] - machineReady[0]) / 100.0,
                        (machineFolded[0] + machineFolded[1] - machineReady[0] - machineReady[1]) / 100.0);
                System.out.printf("progress writes of the job's files during the fold: %.0f, %.1f s of writing%n",
                        writesFolded[0] - writesReady[0], writesFolded[1] - writesReady[1]);
                System.out.printf("seconds from the last event folded to JobCompleted (final files written before it): %.1f%n",
                        (completed - folded) / 1e9);
                System.out.printf("aggregator peak heap: %d MiB, peak RSS (VmHWM): %d MiB, RSS at the end: %d MiB%n",
                        sampler.peakHeap >> 20, peakRss(aggregator.pid()) >> 20, rss(aggregator.pid()) >> 20);
                Path out = storage.resolve("out/bench-" + cameras + "x" + days);
                System.out.printf("files: %s%n", describe(out));

                dumpRecording(aggregator);
                // SIGKILL and restart on the same state dir: how long until GET /jobs/{id} answers again.
                aggregator.destroyForcibly();
                aggregator.waitFor();
                long killed = System.nanoTime();
                aggregator = start(aggregatorJar, heap, aggregatorEnv, bootstrap, storage, work.resolve("aggregator-2.log"));
                while (status(aggregatorPort, "/jobs/" + job) != 200) {
                    check(aggregator);
                    Thread.sleep(100);
                }
                System.out.printf("SIGKILL + restart to GET /jobs/{id} answering: %.1f s%n", (System.nanoTime() - killed) / 1e9);
                awaitReady(aggregatorPort, aggregator);
                Thread.sleep(5_000);
                System.out.printf("JobCompleted records (read_committed): %d%n", completions(bootstrap, job));
                System.out.printf("load average during the run: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            } finally {
                if (aggregator != null) {
                    aggregator.destroyForcibly();
                    aggregator.waitFor();
                }
                planner.destroyForcibly();
                planner.waitFor();
            }
        }
    }

    static Process start(Path jar, String heap, Map<String, String> env, String bootstrap, Path storage, Path log) throws IOException {
        // Serial GC, as the CLI's stack starts every service and as the JVM chooses by itself in the k8s pods (1 GiB).
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC"));
        // BENCH_JAVA_OPTS: extra JVM options for the services (a profiler: -XX:StartFlightRecording=...).
        String extra = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        pb.environment().put("VIDSIFT_STORAGE_ROOT", storage.toString());
        pb.environment().put("VIDSIFT_API_KEY", KEY);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = pb.start();
        LOGS.put(process.pid(), log);
        return process;
    }

    /**
     * Before the SIGKILL: with BENCH_JFR=FILE (and a recording started through BENCH_JAVA_OPTS) the fold's recording
     * is dumped there; with BENCH_JCMD="COMMAND ..." (e.g. "VM.native_memory summary" with
     * -XX:NativeMemoryTracking=summary in BENCH_JAVA_OPTS) that jcmd command's answer is printed.
     */
    static void dumpRecording(Process aggregator) throws IOException, InterruptedException {
        String file = System.getenv("BENCH_JFR");
        if (file != null && !file.isBlank()) {
            jcmd(aggregator, "JFR.dump", "filename=" + file);
        }
        String command = System.getenv("BENCH_JCMD");
        if (command != null && !command.isBlank()) {
            jcmd(aggregator, command.trim().split("\\s+"));
        }
    }

    static void jcmd(Process target, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(target.pid())));
        line.addAll(List.of(command));
        new ProcessBuilder(line).inheritIO().start().waitFor();
    }

    static final Map<Long, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    static void check(Process process) {
        if (!process.isAlive()) {
            String tail = "";
            try {
                List<String> lines = Files.readAllLines(LOGS.get(process.pid()));
                tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (Exception e) {
                tail = e.toString();
            }
            throw new IllegalStateException("process " + process.pid() + " exited with " + process.exitValue() + ":\n" + tail);
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static void awaitReady(int port, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (status(port, "/q/health/ready") != 200) {
            check(process);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready on port " + port);
            }
            Thread.sleep(200);
        }
    }

    static String submit(int port, int cameras, int days, String dir) throws Exception {
        StringBuilder devices = new StringBuilder();
        for (int i = 0; i < cameras; i++) {
            devices.append(i == 0 ? "" : ",").append(String.format("{\"device_serial\":\"CAM%04d\",\"channel_no\":1,\"name\":\"camera %d\"}", i, i));
        }
        String end = java.time.LocalDate.of(2026, 2, 3).plusDays(days) + " 00:00:00";
        String body = "{\"name\":\"bench\",\"source\":{\"mode\":\"hik_cloud\"},\"hik_cloud\":{\"api_base_url\":\"https://api2.hik-cloud.com\","
                + "\"access_token\":\"bench-token\",\"chunk_seconds\":600,\"devices\":[" + devices + "],"
                + "\"time_ranges\":[{\"begin\":\"2026-02-03 00:00:00\",\"end\":\"" + end + "\"}]},"
                + "\"runtime\":{\"timezone\":\"Asia/Shanghai\"},\"output\":{\"dir\":\"" + dir + "\"}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("planner answered " + response.statusCode() + ": " + response.body());
        }
        return CODEC.mapper().readTree(response.body()).get("job_id").asText();
    }

    /** The planner's JobPlanned for the job, once it is in vidsift.jobs. */
    static JobPlanned awaitPlan(String bootstrap, String job) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOBS).stream()
                    .map(p -> new TopicPartition(Topics.JOBS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (job.equals(r.key()) && r.value().contains("\"planned_at\"")) {
                        return CODEC.read(r.value(), JobPlanned.class);
                    }
                }
            }
            throw new IllegalStateException("no JobPlanned for " + job);
        }
    }

    /** Produces every chunk's downloader (and analyzer) events for the plan; returns how many. */
    static long produce(String bootstrap, JobPlanned plan, int clipsPerVideo, Path storage) throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            long events = events(plan, clipsPerVideo, storage, record -> send(producer, record));
            producer.flush();
            return events;
        }
    }

    /** Sends records made before (the warm run's measured job); returns when the broker has them all. */
    static void produce(String bootstrap, List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            records.forEach(record -> send(producer, record));
            producer.flush();
        }
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
    }

    /**
     * Every chunk's downloader (and analyzer) records for the plan, given to {@code sink} in chunk order (each
     * analysed video's clip file written first); returns how many.
     */
    static long events(JobPlanned plan, int clipsPerVideo, Path storage,
                       java.util.function.Consumer<ProducerRecord<String, String>> sink) throws IOException {
        String job = plan.jobId();
        var hik = plan.config().hikCloud();
        StorageLayout layout = new StorageLayout(storage);
        ClipFile clipFile = new ClipFile(CODEC);
        Random random = new Random(42);
        long events = 0;
        String at = java.time.Instant.parse("2026-02-10T00:00:00Z").toString();
        for (Chunk chunk : new ChunkPlan(hik.devices(), hik.timeRanges(), hik.chunkSeconds())) {
            String serial = chunk.device().deviceSerial();
            int channel = chunk.device().channelNo();
            String chunkId = Ids.chunkId(job, serial, channel, chunk.begin(), chunk.end());
            CloudWindow w = new CloudWindow(serial, channel, chunk.device().name(), chunk.begin(), chunk.end(), chunk.begin(), chunk.end());
            if (clipsPerVideo == 0) {
                sink.accept(record(Topics.DOWNLOADS, job, new DownloadRecorded(Schema.VERSION, job, chunkId,
                        "hik_cloud", w, null, null, DownloadStatus.NO_RECORDING, 0, null, null, null, false, at, null)));
                events++;
                continue;
            }
            String path = StorageLayout.cloudVideo(serial, channel, chunk.begin(), chunk.end());
            sink.accept(record(Topics.DOWNLOADS, job, new DownloadRecorded(Schema.VERSION, job, chunkId,
                    "hik_cloud", w, "oss.example.com", null, DownloadStatus.ADDRESS_OK, 0, null, null, null, false, at, null)));
            sink.accept(record(Topics.DOWNLOADS, job, new DownloadRecorded(Schema.VERSION, job, chunkId,
                    "hik_cloud", w, "oss.example.com", path, DownloadStatus.DOWNLOADED, 0, null, 60_000_000L, "ab", false, at, "mp4")));
            String videoId = Ids.videoId(job, path);
            List<ClipResult> clips = new ArrayList<>(clipsPerVideo);
            for (int i = 0; i < clipsPerVideo; i++) {
                double activity = Math.round(random.nextDouble() * 1000) / 1000.0;
                clips.add(new ClipResult(i, i * 10.0, i * 10.0 + 10, w.actualBegin() * 1000 + i * 10_000L,
                        w.actualBegin() * 1000 + i * 10_000L + 10_000, 10, false, activity, null,
                        Map.of("person", new ClassStats(random.nextInt(4), Math.round(random.nextDouble() * 300) / 100.0)), 0, null, null, null));
            }
            String clipsPath = "analysis/" + job + "/" + videoId + ".clips.jsonl";
            clipFile.write(layout.resolve(clipsPath), clips);
            sink.accept(record(Topics.ANALYSES, job, new VideoAnalyzed(Schema.VERSION, job, videoId, chunkId, "hik_cloud",
                    w, path, new Probe("mov,mp4,m4a,3gp,3g2,mj2", "h264", 1280, 720, 25.0, 600.0, 0.0, 2_000_000L, 15_000L),
                    "keyframes", 1.0, 600, 0, null, "activity", "cpu", Map.of("decode", 9000L), AnalysisStatus.ANALYZED, null,
                    at, clipsPerVideo, clipsPath, 0, 0, ClipSums.of(w, clips))));
            events += 3;
        }
        return events;
    }

    /** The machine's busy and idle ticks so far (/proc/stat: user nice system idle iowait irq softirq steal). */
    static long[] machineTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
        return new long[]{busy, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    }

    static long cpuTicks(long pid) throws IOException {
        String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * CPU ticks per kind of thread of the process, from /proc/PID/task/TID/{comm,stat}: the stream thread(s), the file
     * writer, RocksDB's, the Kafka clients', the JVM's (GC, JIT) and the rest. Threads that ended in between are lost.
     */
    static Map<String, Long> cpuByThread(long pid) throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    String[] fields = Files.readString(task.resolve("stat")).replaceAll(".*\\) ", "").split(" ");
                    ticks.merge(threadKind(comm), Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while being read
                }
            }
        }
        return ticks;
    }

    /** Linux truncates thread names to 15 characters: "vidsift-aggreg" for every Kafka Streams thread. */
    static String threadKind(String comm) {
        if (comm.startsWith("aggregator-wri")) {
            return "writer";
        } else if (comm.contains("StreamThread") || comm.startsWith("vidsift-aggreg")) {
            return "streams";
        } else if (comm.startsWith("rocksdb")) {
            return "rocksdb";
        } else if (comm.startsWith("kafka-")) {
            return "kafka-clients";
        } else if (comm.startsWith("GC") || comm.startsWith("G1") || comm.startsWith("VM Thread")) {
            return "gc";
        } else if (comm.startsWith("C1") || comm.startsWith("C2")) {
            return "jit";
        }
        return "other";
    }

    static String cpuSplit(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder out = new StringBuilder();
        after.forEach((kind, ticks) -> out.append(String.format("%s %.1f s; ", kind, (ticks - before.getOrDefault(kind, 0L)) / 100.0)));
        return out.toString();
    }

    static ProducerRecord<String, String> record(String topic, String key, Object message) {
        return new ProducerRecord<>(topic, key, CODEC.write(message));
    }

    static void send(KafkaProducer<String, String> producer, ProducerRecord<String, String> record) {
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                System.err.println("produce failed: " + e);
            }
        });
    }

    static final Pattern RECORDS = Pattern.compile("^vidsift_aggregator_records_total\\{[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
    static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);

    static final Pattern PROGRESS_WRITES = Pattern.compile("^vidsift_aggregator_file_writes_total\\{[^}]*kind=\"progress\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
    static final Pattern PROGRESS_SECONDS = Pattern.compile("^vidsift_aggregator_file_write_seconds_total\\{[^}]*kind=\"progress\"[^}]*\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    /** The aggregator's progress writes so far and the seconds they took. */
    static double[] progressWrites(String metrics) {
        return new double[]{sum(PROGRESS_WRITES, metrics), sum(PROGRESS_SECONDS, metrics)};
    }

    static double sum(Pattern pattern, String metrics) {
        double total = 0;
        Matcher m = pattern.matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    static long awaitFolded(int port, long records, Process aggregator) throws Exception {
        while (true) {
            check(aggregator);
            if (sum(RECORDS, get(port, "/q/metrics")) >= records) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
    }

    static long awaitCompleted(String bootstrap, String job, Process aggregator) throws Exception {
        while (completions(bootstrap, job) == 0) {
            check(aggregator);
            Thread.sleep(250);
        }
        return System.nanoTime();
    }

    /** JobCompleted records for the job on vidsift.jobs, committed ones only. */
    static int completions(String bootstrap, String job) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOBS).stream()
                    .map(p -> new TopicPartition(Topics.JOBS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            int count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (job.equals(r.key()) && r.value().contains("\"completed_at\"")) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    static String describe(Path dir) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("hik_cloud_download_manifest.jsonl", "video_manifest.jsonl", "results.jsonl", "summary.json", "report.html")) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                long lines;
                try (var stream = Files.lines(file)) {
                    lines = stream.count();
                }
                out.append(String.format("%s %d lines %d MiB; ", name, lines, Files.size(file) >> 20));
            }
        }
        return out.toString();
    }

    static long rss(long pid) throws IOException {
        return status(pid, "VmRSS:");
    }

    static long peakRss(long pid) throws IOException {
        return status(pid, "VmHWM:");
    }

    static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /** Samples the aggregator's heap and folded-records counter (from /q/metrics) every second. */
    static final class Sampler {
        final long pid;
        final int port;
        volatile boolean running = true;
        volatile long peakHeap;
        final List<double[]> folded = new ArrayList<>();
        Thread thread;

        Sampler(long pid, int port) {
            this.pid = pid;
            this.port = port;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        String metrics = get(port, "/q/metrics");
                        peakHeap = Math.max(peakHeap, (long) sum(HEAP, metrics));
                        synchronized (folded) {
                            folded.add(new double[]{System.nanoTime() / 1e9, sum(RECORDS, metrics)});
                        }
                        Thread.sleep(1000);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        double bestRate() {
            double best = 0;
            synchronized (folded) {
                for (int i = 0; i < folded.size(); i++) {
                    for (int j = i + 1; j < folded.size(); j++) {
                        double dt = folded.get(j)[0] - folded.get(i)[0];
                        if (dt >= 10) {
                            best = Math.max(best, (folded.get(j)[1] - folded.get(i)[1]) / dt);
                            break;
                        }
                    }
                }
            }
            return best;
        }

        /** Events folded per second in consecutive windows of about 10 s from ready, e.g. "0-10 s 8,100/s; ...". */
        String trace() {
            StringBuilder out = new StringBuilder();
            synchronized (folded) {
                if (folded.isEmpty()) {
                    return "";
                }
                double[] from = folded.get(0);
                double start = from[0];
                for (double[] sample : folded) {
                    if (sample[0] - from[0] >= 10 || sample == folded.get(folded.size() - 1)) {
                        if (sample[0] > from[0]) {
                            out.append(String.format("%.0f-%.0f s %,.0f/s; ", from[0] - start, sample[0] - start,
                                    (sample[1] - from[1]) / (sample[0] - from[0])));
                        }
                        from = sample;
                    }
                }
            }
            return out.toString();
        }
    }
}
