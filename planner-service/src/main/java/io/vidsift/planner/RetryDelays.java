package io.vidsift.planner;

import java.time.Duration;

/** Exponential backoff from {@code first}, doubling up to {@code max}: a fault is retried for as long as it lasts. */
public record RetryDelays(Duration first, Duration max) {

    public static RetryDelays standard() {
        return new RetryDelays(Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public Duration after(int failures) {
        long millis = first.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
