package io.vidsift.aggregator.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code vidsift.aggregator.*}: how often files are rewritten and where relative output dirs live. */
@ConfigMapping(prefix = "vidsift.aggregator")
public interface AggregatorConfig {

    /** Longest delay between an event and the files showing it; also the debounce of rewrites. */
    @WithDefault("1s")
    Duration flushInterval();

    /** Base folder for a job's relative output.dir; vidsift.storage.root when unset (as the planner resolves it). */
    Optional<String> outputBase();

    /** Longest the start-up replay of the topics may take before the service gives up. */
    @WithDefault("10m")
    Duration replayTimeout();

    /** Longest to wait for the broker to acknowledge a JobCompleted. */
    @WithDefault("30s")
    Duration publishTimeout();
}
