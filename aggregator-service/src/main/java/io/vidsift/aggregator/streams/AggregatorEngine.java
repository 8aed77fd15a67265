package io.vidsift.aggregator.streams;

import io.vidsift.aggregator.domain.JobSignals;
import io.vidsift.aggregator.domain.JobTables;
import io.vidsift.aggregator.output.ClipFiles;
import io.vidsift.common.events.EventDetector;
import io.vidsift.aggregator.output.JobFiles;
import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.aggregator.output.OutputWriter;
import io.vidsift.common.messages.MessageCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The running aggregator, without any framework: the Kafka Streams instance with the {@link AggregatorTopology},
 * the {@link OutputWriter} thread that reads this instance's stores, and the status lookups the REST API answers
 * from the global status store. The Quarkus shell starts and closes it with the application; tests and the bench
 * run it as it is.
 */
public final class AggregatorEngine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AggregatorEngine.class.getName());

    private final Settings settings;
    private final KafkaStreams streams;
    private final OutputWriter writer;
    private final JobSignals signals = new JobSignals();
    private volatile boolean runningOnce;

    /**
     * @param applicationId   the Kafka Streams application: consumer group, prefix of its internal topics
     * @param stateDir        RocksDB stores and checkpoints (a volume in k8s; a fresh one restores from the changelogs)
     * @param standbyReplicas warm copies of each task's stores on other instances
     * @param streamThreads   stream threads (a job folds on one; more spread the input routing and other jobs)
     * @param commitInterval  how often offsets, store changes and outputs commit (one exactly-once transaction)
     * @param flushInterval   shortest time between two rewrites of a running job's files
     * @param statusInterval  how often changed jobs' statuses are published
     * @param replication     replication factor of the internal and status topics (-1: the broker's default)
     */
    public record Settings(String applicationId, String bootstrapServers, Path storageRoot, OutputDirs dirs, Path stateDir, int standbyReplicas,
                           int streamThreads, Duration commitInterval, Duration flushInterval, Duration statusInterval, int replication,
                           long rocksDbMemory, String applicationServer, Map<String, String> extra,
                           EventDetector.Settings events) {
    }

    public AggregatorEngine(Settings settings, MessageCodec codec) {
        this.settings = settings;
        ClipFiles clipFiles = new ClipFiles(settings.storageRoot(), codec);
        // The topology's fold partitions are the input topics' (read from the cluster): every instance builds the same.
        int partitions = InputTopics.prepare(settings.bootstrapServers(), settings.extra(), settings.replication());
        this.streams = new KafkaStreams(AggregatorTopology.build(codec, signals, settings.dirs(), clipFiles,
                settings.statusInterval(), partitions), properties(settings));
        this.writer = new OutputWriter(this::tables, signals, new JobFiles(clipFiles, settings.events(), clipFiles::thumbnail), settings.dirs(),
                settings.flushInterval(), System::nanoTime);
        streams.setUncaughtExceptionHandler(e -> {
            // A failure the fold cannot get past would fail again on every retry: stop, show it in readiness and
            // liveness (the orchestrator restarts the process), and let another instance take the tasks meanwhile.
            LOG.log(System.Logger.Level.ERROR, "aggregator stream thread failed; shutting this instance's Kafka Streams down", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                runningOnce = true;
            }
            LOG.log(System.Logger.Level.INFO, "aggregator Kafka Streams {0} -> {1}", before, now);
        });
    }

    static Properties properties(Settings s) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, s.standbyReplicas());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitInterval().toMillis());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, s.replication());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.streamThreads());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16L << 20);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        p.put(BoundedRocksDb.MEMORY_CONFIG, Long.toString(s.rocksDbMemory()));
        if (s.applicationServer() != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s.applicationServer());
        }
        // Every producer: acks=all with idempotence (exactly-once requires both anyway).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), true);
        // Repartition and changelog records go uncompressed: lz4 (the pure-Java codec, as the aggregator's image
        // ships it) cost the stream thread about a tenth of its time in a profile of bench/aggregator, for bytes
        // that only travel to the cluster's own brokers. Set producer.compression.type through the extra settings
        // where the network, not the CPU, is short.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
        // Changelog batches of up to 256 KiB instead of the producer's 16 KiB: a fold writes its store changes in bursts
        // at every commit, and the broker's work went with the number of transactional produce requests (each one
        // verified against the transaction), not their bytes: in bench/aggregator's analysed job the broker's JVM used
        // 1.9-2.8 CPU s during the fold instead of 4.7-6.3, and the warm fold went from 18,300 to 31,300 events/s.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        // Files are written on the writer thread, never the stream thread, so the default poll interval holds. The
        // transaction timeout is raised from Kafka Streams' 10 s: on a starved CPU (measured on a 2-core machine at
        // load 30) a batch between two commits took longer, the broker aborted the transaction and fenced the
        // producer, and the tasks restarted in a loop. The cost: a dead instance's open transaction can hold back
        // readers of the partitions it wrote to for up to this long (an instance restarted on the same state dir
        // fences it at once).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putAll(s.extra());
        return p;
    }

    /** Starts processing and the file writer (the topics were made ready when this engine was built). */
    public void start() {
        streams.start();
        writer.start();
    }

    /** The stores of this instance's active tasks; throws while they are not queryable (starting, rebalancing). */
    JobTables tables() {
        return new JobTables(store(AggregatorTopology.PLANS), store(AggregatorTopology.TOTALS), store(AggregatorTopology.CHUNKS),
                store(AggregatorTopology.VIDEOS), store(AggregatorTopology.CLIPS), store(AggregatorTopology.CAMERAS),
                store(AggregatorTopology.HOURS), store(AggregatorTopology.EARLY));
    }

    private <V> StoreTable<V> store(String name) {
        return new StoreTable<>(streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())));
    }

    private ReadOnlyKeyValueStore<String, String> statuses() {
        return streams.store(StoreQueryParameters.fromNameAndType(AggregatorTopology.STATUS_STORE,
                QueryableStoreTypes.<String, String>keyValueStore()));
    }

    /** The job's status JSON (as published by its owner), from the global store every instance holds. */
    public Optional<String> status(String jobId) {
        return Optional.ofNullable(statuses().get(jobId));
    }

    /** Up to {@code limit} statuses in job id order, after {@code after} (exclusive; null: from the first). */
    public List<KeyValue<String, String>> statuses(String after, int limit) {
        List<KeyValue<String, String>> page = new ArrayList<>(limit);
        try (KeyValueIterator<String, String> all = after == null ? statuses().all() : statuses().range(after + '\u0000', null)) {
            while (all.hasNext() && page.size() < limit) {
                page.add(all.next());
            }
        }
        return page;
    }

    /** Whether this instance runs the task that holds the job (its files and announcement are written here). */
    public boolean owns(String jobId) {
        try {
            return store(AggregatorTopology.TOTALS).get(jobId) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Ready once running (a later rebalance keeps the status store answering), not when stopped or failed. */
    public boolean ready() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING || (runningOnce && state == KafkaStreams.State.REBALANCING);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean alive() {
        KafkaStreams.State state = streams.state();
        return writer.alive() && state != KafkaStreams.State.ERROR && state != KafkaStreams.State.NOT_RUNNING
                && state != KafkaStreams.State.PENDING_ERROR;
    }

    public JobSignals signals() {
        return signals;
    }

    public OutputWriter writer() {
        return writer;
    }

    /**
     * Stops the writer (after the write in progress), then processing (committing what was processed). Files still
     * due are written by whichever instance runs the tasks next: every job not yet announced is marked on start.
     */
    @Override
    public void close() {
        writer.close();
        streams.close(Duration.ofSeconds(30));
    }
}
