package io.vidsift.downloader;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so retries of many
 * chunks that failed together spread out instead of hitting the API again in step.
 */
public record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    public Duration delay(int retry) {
        long base = initial.toMillis() << Math.min(20, Math.max(0, retry - 1));
        long capped = Math.min(max.toMillis(), base);
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
    }
}
