package io.vidsift.analyzer.pipeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A full disk is waited out: the video is analysed again, nothing is recorded for the failed attempts. */
class StorageRetryTest {

    /** Time moves only when the retry sleeps. */
    private static final class SleepClock extends Clock {
        Instant now = Instant.parse("2026-02-03T01:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SleepClock clock = new SleepClock();
    private final List<Duration> slept = new ArrayList<>();
    private final AtomicInteger setbacks = new AtomicInteger();
    private final StorageRetry retry = new StorageRetry(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofHours(6), clock,
            delay -> {
                slept.add(delay);
                clock.now = clock.now.plus(delay);
            }, setbacks::incrementAndGet);

    private static StorageFault diskFull() {
        return new StorageFault("video v-1: cannot write clip rows to out/analysis/v-1.clips.jsonl", new IOException("No space left on device"));
    }

    @Test
    void aWriteIntoAFullFilesystemIsRetriedUntilItSucceedsAndTheOutageIsReportedMeanwhile() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        List<Optional<String>> seenDuring = new ArrayList<>();
        String result = retry.run(() -> {
            seenDuring.add(retry.outage());
            if (attempts.incrementAndGet() <= 5) {
                throw diskFull();
            }
            return "analyzed";
        }, fault -> "gave up");

        assertThat(result).isEqualTo("analyzed");
        assertThat(attempts).hasValue(6);
        assertThat(setbacks).hasValue(5);
        // Doubling from 1 s, capped at the maximum.
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(15));
        // While it waited, readiness had the cause; once the write went through, nothing.
        assertThat(seenDuring.get(0)).isEmpty();
        assertThat(seenDuring.get(1)).hasValueSatisfying(reason -> assertThat(reason).contains("v-1").contains("No space left on device"));
        assertThat(retry.outage()).isEmpty();
    }

    @Test
    void aDiskFullForLongerThanTheDeadlineEndsTheVideoWithTheCauseOnce() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        List<String> givenUp = new ArrayList<>();
        String result = retry.run(() -> {
            attempts.incrementAndGet();
            throw diskFull();
        }, fault -> {
            givenUp.add(fault.reason());
            return "failed: " + fault.reason();
        });

        assertThat(result).isEqualTo("failed: No space left on device");
        assertThat(givenUp).hasSize(1);
        // Hours of attempts, 15 s apart once the backoff is at its maximum: not a handful of quick ones.
        assertThat(slept.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThanOrEqualTo(Duration.ofHours(6).minusSeconds(15));
        assertThat(attempts.get()).isGreaterThan(1000);
        assertThat(retry.outage()).isEmpty();
    }

    @Test
    void theReasonNamesNoPath() {
        StorageFault fault = new StorageFault("video v-1: cannot write /srv/storage/out/v-1.clips.jsonl",
                new java.nio.file.FileSystemException("/srv/storage/out/v-1.clips.jsonl", null, "No space left on device"));
        assertThat(fault.reason()).isEqualTo("No space left on device");
        assertThat(new StorageFault("x", new IOException("/srv/storage/out is not a folder")).reason()).isEqualTo("IOException");
    }

    @Test
    void anyOtherFailureIsNotRetriedHere() {
        RuntimeException bug = new IllegalStateException("not storage");
        assertThatThrownBy(() -> retry.run(() -> {
            throw bug;
        }, fault -> "gave up")).isSameAs(bug);
        assertThat(slept).isEmpty();
        assertThat(setbacks).hasValue(0);
    }
}
