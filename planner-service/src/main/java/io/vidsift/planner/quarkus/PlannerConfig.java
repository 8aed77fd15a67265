package io.vidsift.planner.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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

    Limits limits();

    interface Limits {
        /** Request body; 413 beyond it. */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** Nesting of the YAML/JSON document (a job needs 5). */
        @WithDefault("20")
        int maxDepth();

        /** Devices per job: the JobPlanned carries the list, and Kafka's default record limit is 1 MB. */
        @WithDefault("5000")
        int maxDevices();

        @WithDefault("1000")
        int maxRanges();

        /** Chunks per job (1,000 devices x 30 days at 600 s is 4.32 million). */
        @WithDefault("10000000")
        long maxChunks();
    }
}
