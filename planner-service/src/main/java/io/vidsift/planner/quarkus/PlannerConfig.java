package io.vidsift.planner.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The planner's own settings; every default is here. The shared ones live beside it: {@code vidsift.storage.root}
 * (read in {@link PlannerBeans}) and service-kit's {@code vidsift.api.auth-enabled} / {@code vidsift.api-key}; a
 * mapping of all of {@code vidsift} would reject those as unknown.
 */
@ConfigMapping(prefix = "vidsift.planner")
public interface PlannerConfig {

    /**
     * Where a job's output.dir and source.local.input_dir may resolve (symlinks followed), comma-separated
     * (env VIDSIFT_PLANNER_ALLOWED_ROOTS). Absent: the storage root alone.
     */
    Optional<List<String>> allowedRoots();

    /** Work items per acknowledged batch; the cursor is journaled after each, and open plans take turns per batch. */
    @WithDefault("512")
    int batchSize();

    /**
     * Chunks of one job published and not yet recorded by a downloader; a job at this bound waits while other jobs
     * publish, so a new job's chunks queue behind at most this many of each running job's. 0 = no bound. Choose a
     * few times the chunks the downloaders work on at once (so one job still keeps them all busy) and at least the
     * consumer lag the autoscaler needs for its full scale: 256 covers KEDA's 12 replicas at 20 each and their 48
     * workers.
     */
    @WithDefault("256")
    int maxOutstandingPerJob();

    /** A job at its bound that has seen no outcome for this long gets a fresh window (an outcome may be lost). */
    @WithDefault("PT2M")
    Duration windowRelease();

    /** How long a finished plan, and so its Idempotency-Key, is kept in the journal (and in memory). */
    @WithDefault("P7D")
    Duration journalRetention();

    Limits limits();

    interface Limits {
        /** Request body; 413 beyond it. */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** Nesting of the YAML/JSON document (a job needs 5). */
        @WithDefault("20")
        int maxDepth();

        /**
         * Devices per job. A list too big for one record travels in parts (JobDevices), so this bounds the planner's
         * and the aggregator's work per job (one camera row each), not a record; the body limit bounds it too
         * (20,000 devices are about 0.9 MB of compact YAML).
         */
        @WithDefault("20000")
        int maxDevices();

        @WithDefault("1000")
        int maxRanges();

        /** Chunks per job (1,000 devices x 30 days at 600 s is 4.32 million). */
        @WithDefault("10000000")
        long maxChunks();

        /**
         * Every record the planner writes must fit one Kafka record: the producer's max.request.size and the broker's
         * message.max.bytes are about 1 MB by default (raise all three together). A job whose JobPlanned (as
         * journaled) is over half of this sends its device list as JobDevices parts of at most half of it each;
         * only a job with one device too big for a record is refused.
         */
        @WithDefault("1000000")
        int maxRecordBytes();
    }
}
