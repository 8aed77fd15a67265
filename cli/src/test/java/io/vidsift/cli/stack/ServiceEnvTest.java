package io.vidsift.cli.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceEnvTest {

    private final StackOptions options = new StackOptions(Path.of("/w"), Path.of("/w/storage"), null, Map.of())
            .withOutputRoot(Path.of("/reports")).withOutputRoot(Path.of("/w/storage"));
    private final List<InputMount> mounts = List.of(new InputMount("/home/me/Videos", "/w/storage/inputs/Videos", "inputs/Videos"));

    @Test
    void theKeyGoesToThePlannerAndTheAggregatorOnly() {
        assertThat(options.apiKey()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(ServiceEnv.of("planner-service", options, mounts)).containsEntry(ServiceEnv.API_KEY, options.apiKey());
        assertThat(ServiceEnv.of("aggregator-service", options, mounts)).containsEntry(ServiceEnv.API_KEY, options.apiKey())
                .containsEntry(ServiceEnv.MALLOC_ARENA_MAX, "2");
        assertThat(ServiceEnv.of("analyzer-service", options, mounts)).doesNotContainKey(ServiceEnv.API_KEY);
        assertThat(ServiceEnv.of("downloader-service", options, mounts)).isEmpty();
        assertThat(new StackOptions(Path.of("/w"), Path.of("/s"), null, Map.of()).apiKey()).isNotEqualTo(options.apiKey());
    }

    @Test
    void plannerAndAggregatorShareTheRootsStorageInputsAndOutputRoots() {
        assertThat(ServiceEnv.of("planner-service", options, mounts))
                .containsEntry(ServiceEnv.PLANNER_ALLOWED_ROOTS, "/w/storage,/home/me/Videos,/reports");
        assertThat(ServiceEnv.of("aggregator-service", options, mounts))
                .containsEntry(ServiceEnv.AGGREGATOR_OUTPUT_ROOTS, "/w/storage,/home/me/Videos,/reports");
    }

    @Test
    void aggregatorStateAndAnalysisCacheLiveInTheWorkDir() {
        assertThat(ServiceEnv.of("aggregator-service", options, mounts)).containsEntry(ServiceEnv.AGGREGATOR_STATE_DIR, "/w/aggregator-state");
        assertThat(ServiceEnv.of("analyzer-service", options, mounts)).containsEntry(ServiceEnv.ANALYZER_CACHE_DIR, "/w/analysis-cache");
    }
}
