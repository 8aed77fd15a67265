package io.vidsift.analyzer.pipeline;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one video's analysis until its outputs could be written. A {@link StorageFault} (disk full, storage
 * unwritable) is transient, like the downloader's storage setbacks: nothing is recorded for the video, the worker
 * backs off (doubling from {@code initial} up to {@code max}) and tries again, and {@link #outage()} names the cause
 * meanwhile (readiness reports it). The incoming record stays unacknowledged all along, so a worker that stops while
 * waiting leaves the video to be redelivered. Only when the same video has met the fault for {@code deadline} (hours)
 * does it become final: {@code giveUp} makes its record, so the job completes instead of waiting for ever. Called from
 * one consumer thread at a time.
 */
public final class StorageRetry {

    private static final Logger LOG = Logger.getLogger(StorageRetry.class);

    /** How the retry waits; tests record the delays instead of sleeping. */
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final Duration initial;
    private final Duration max;
    private final Duration deadline;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Runnable onSetback;
    private volatile String outage;

    /** @param onSetback counts each failed attempt (a metric) */
    public StorageRetry(Duration initial, Duration max, Duration deadline, Clock clock, Sleeper sleeper, Runnable onSetback) {
        this.initial = initial;
        this.max = max;
        this.deadline = deadline;
        this.clock = clock;
        this.sleeper = sleeper;
        this.onSetback = onSetback;
    }

    public <T> T run(Supplier<T> attempt, Function<StorageFault, T> giveUp) throws InterruptedException {
        Instant first = null;
        for (int retry = 1; ; retry++) {
            try {
                T result = attempt.get();
                outage = null;
                return result;
            } catch (StorageFault fault) {
                onSetback.run();
                Instant now = clock.instant();
                first = first == null ? now : first;
                if (!now.isBefore(first.plus(deadline))) {
                    outage = null;
                    LOG.warnf("%s; for %s, longer than the storage deadline (%s): recording the video as failed", fault.getMessage(),
                            Duration.between(first, now), deadline);
                    return giveUp.apply(fault);
                }
                outage = fault.getMessage(); // names the video and the file
                Duration delay = delay(retry);
                // One line per video at WARN, the later attempts at DEBUG: a disk full for hours must not flood the log.
                if (retry == 1) {
                    LOG.warnf("%s; transient (storage full or unwritable): nothing recorded, analysing it again in %d ms and on, "
                            + "until the storage takes writes or vidsift.analyzer.storage-deadline (%s) passes", outage, delay.toMillis(), deadline);
                } else {
                    LOG.debugf("%s; attempt %d in %d ms", outage, retry + 1, delay.toMillis());
                }
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
