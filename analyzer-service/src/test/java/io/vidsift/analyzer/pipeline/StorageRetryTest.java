package io.vidsift.analyzer.pipeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A full disk is waited out: the video is analysed again, nothing is recorded for the failed attempts. */
class StorageRetryTest {

    private final List<Duration> slept = new ArrayList<>();
    private final AtomicInteger setbacks = new AtomicInteger();
    private final StorageRetry retry = new StorageRetry(Duration.ofSeconds(1), Duration.ofSeconds(15), slept::add,
            setbacks::incrementAndGet);

    @Test
    void aWriteIntoAFullFilesystemIsRetriedUntilItSucceedsAndTheOutageIsReportedMeanwhile() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        List<Optional<String>> seenDuring = new ArrayList<>();
        String result = retry.run(() -> {
            seenDuring.add(retry.outage());
            if (attempts.incrementAndGet() <= 5) {
                throw new StorageFault("video v-1: cannot write clip rows to out/analysis/v-1.clips.jsonl",
                        new IOException("No space left on device"));
            }
            return "analyzed";
        });

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
    void anyOtherFailureIsNotRetriedHere() {
        RuntimeException bug = new IllegalStateException("not storage");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> retry.run(() -> {
            throw bug;
        })).isSameAs(bug);
        assertThat(slept).isEmpty();
        assertThat(setbacks).hasValue(0);
    }
}
