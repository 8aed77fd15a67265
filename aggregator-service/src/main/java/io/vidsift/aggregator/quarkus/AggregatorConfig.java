package io.vidsift.aggregator.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code vidsift.aggregator.*}: where state and files live, and the Kafka Streams settings an operator tunes. */
@ConfigMapping(prefix = "vidsift.aggregator")
public interface AggregatorConfig {

    /** The Kafka Streams application id: the consumer group and the prefix of the changelog and repartition topics. */
    @WithDefault("vidsift-aggregator")
    String applicationId();

    /**
     * The Kafka Streams state folder (RocksDB stores). Keep it on a volume so that a restart restores only what it
     * missed; an empty one restores from the changelog topics. The CLI's embedded stack sets
     * {@code <work-dir>/aggregator-state}.
     */
    @WithDefault("./aggregator-state")
    String stateDir();

    /** Warm copies of each task's stores on other instances, so that a failover restores almost nothing. */
    @WithDefault("1")
    int standbyReplicas();

    /**
     * Stream threads of this instance. A job's events fold on the one thread that runs its partition; a second thread
     * takes the reading and routing of the input topics (and other jobs' partitions) off it.
     */
    @WithDefault("1")
    int streamThreads();

    /** How often offsets, store changes and outputs commit together (one exactly-once transaction). */
    @WithDefault("1s")
    Duration commitInterval();

    /** Shortest time between two rewrites of a running job's files (see the cadence rule in the README). */
    @WithDefault("1s")
    Duration flushInterval();

    /** How often changed jobs' statuses are published to the status topic (what GET /jobs answers from). */
    @WithDefault("500ms")
    Duration statusInterval();

    /** Base folder for a job's relative output.dir; vidsift.storage.root when unset (as the planner resolves it). */
    Optional<String> outputBase();

    /** Folders the aggregator may write job files under; vidsift.storage.root when unset. */
    Optional<List<String>> outputRoots();

    /** Replication factor of the changelog, repartition and status topics; -1 takes the broker's default. */
    @WithDefault("-1")
    int replicationFactor();

    /** RocksDB block cache and memtables of all stores together, in bytes (off-heap). */
    @WithDefault("33554432")
    long rocksdbMemory();

    /** Largest page GET /jobs returns. */
    @WithDefault("1000")
    int maxPage();

    /** What makes an event in events.jsonl and the report's gallery (defaults: EventDetector's). */
    Events events();

    interface Events {
        /** Clip activity (changed fraction, 0..1) at or above which a clip is active: far above an OSD clock. */
        @WithDefault("0.005")
        double activityThreshold();

        /** A detector class count (per-clip maximum) at or above which a clip is active. */
        @WithDefault("1")
        int minCount();

        /** Shorter events are dropped. */
        @WithDefault("0")
        double minSeconds();

        /** Active clips at most this far apart (seconds) form one event. */
        @WithDefault("10")
        double mergeGapSeconds();
    }
}
