package io.vidsift.analyzer.pipeline;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one video's analysis until its outputs could be written. A {@link StorageFault} (disk full, storage
 * unwritable) is transient, like the downloader's storage setbacks: nothing is recorded for the video, the worker
 * backs off (doubling from {@code initial} up to {@code max}) and tries again, and {@link #outage()} names the cause
 * meanwhile (readiness reports it). The incoming record stays unacknowledged all along, so a worker that stops while
 * waiting leaves the video to be redelivered. Called from one consumer thread at a time.
 */
public final class StorageRetry {

    private static final Logger LOG = Logger.getLogger(StorageRetry.class);

    /** How the retry waits; tests record the delays instead of sleeping. */
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final Duration initial;
    private final Duration max;
    private final Sleeper sleeper;
    private final Runnable onSetback;
    private volatile String outage;

    /** @param onSetback counts each failed attempt (a metric) */
    public StorageRetry(Duration initial, Duration max, Sleeper sleeper, Runnable onSetback) {
        this.initial = initial;
        this.max = max;
        this.sleeper = sleeper;
        this.onSetback = onSetback;
    }

    public <T> T run(Supplier<T> attempt) throws InterruptedException {
        for (int retry = 1; ; retry++) {
            try {
                T result = attempt.get();
                outage = null;
                return result;
            } catch (StorageFault fault) {
                outage = fault.getMessage(); // names the video and the file
                onSetback.run();
                Duration delay = delay(retry);
                LOG.warnf("%s; transient (storage full or unwritable): nothing recorded, analysing it again in %d ms (attempt %d)",
                        outage, delay.toMillis(), retry + 1);
                sleeper.sleep(delay);
            }
        }
    }

    /** The storage fault the current video is waiting out, if any. */
    public Optional<String> outage() {
        return Optional.ofNullable(outage);
    }

    Duration delay(int retry) {
        long ms = initial.toMillis() << Math.min(20, retry - 1);
        return Duration.ofMillis(Math.min(max.toMillis(), ms));
    }
}
