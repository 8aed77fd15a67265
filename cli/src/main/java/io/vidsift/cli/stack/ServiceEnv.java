package io.vidsift.cli.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings one embedded-stack service gets beyond the shared ones (port, broker, storage root): the stack's
 * API key for the two HTTP APIs, the planner's allowed roots and the aggregator's output roots (both: the storage
 * root, the input folders, the output folders of {@code run}/{@code demo} and {@code --output-root}), the
 * aggregator's state dir and the analyzer's analysis cache, both kept in the work dir so they survive
 * {@code stack down} / {@code up} and re-runs.
 */
final class ServiceEnv {

    static final String API_KEY = "VIDSIFT_API_KEY";
    static final String PLANNER_ALLOWED_ROOTS = "VIDSIFT_PLANNER_ALLOWED_ROOTS";
    static final String AGGREGATOR_STATE_DIR = "VIDSIFT_AGGREGATOR_STATE_DIR";
    static final String AGGREGATOR_OUTPUT_ROOTS = "VIDSIFT_AGGREGATOR_OUTPUT_ROOTS";
    static final String ANALYZER_CACHE_DIR = "VIDSIFT_ANALYZER_CACHE_DIR";
    /** glibc's arenas for RocksDB's threads: 2, as the aggregator's image sets it (its RSS grew with the job's size). */
    static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";
    static final String CACHE_DIR = "analysis-cache";

    private ServiceEnv() {
    }

    static Map<String, String> of(String module, StackOptions options, List<InputMount> mounts) {
        Map<String, String> env = new HashMap<>();
        switch (module) {
            case "planner-service" -> {
                env.put(API_KEY, options.apiKey());
                env.put(PLANNER_ALLOWED_ROOTS, String.join(",", allowedRoots(options, mounts)));
            }
            case "aggregator-service" -> {
                env.put(API_KEY, options.apiKey());
                env.put(AGGREGATOR_STATE_DIR, options.workDir().toAbsolutePath().resolve("aggregator-state").toString());
                // The same roots as the planner's: an output dir the planner accepted is one the aggregator writes.
                env.put(AGGREGATOR_OUTPUT_ROOTS, String.join(",", allowedRoots(options, mounts)));
                env.put(MALLOC_ARENA_MAX, "2");
            }
            case "analyzer-service" -> env.put(ANALYZER_CACHE_DIR, options.workDir().toAbsolutePath().resolve(CACHE_DIR).toString());
            default -> {
            }
        }
        return env;
    }

    /** Absolute, in this order, without repeats: the storage root, every input folder, every output folder. */
    static List<String> allowedRoots(StackOptions options, List<InputMount> mounts) {
        Set<String> roots = new LinkedHashSet<>();
        roots.add(options.storageRoot().toAbsolutePath().normalize().toString());
        mounts.forEach(m -> roots.add(m.dir()));
        options.outputRoots().forEach(p -> roots.add(p.toAbsolutePath().normalize().toString()));
        return new ArrayList<>(roots);
    }
}
