package io.vidsift.downloader;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutageGateTest {

    @Test
    void whileDownNobodyPassesBeforeTheProbeTimeAndASuccessReleasesEveryone() throws Exception {
        TestChunks.GateEvents events = new TestChunks.GateEvents();
        // A probe interval far longer than the test: only the success can let the waiters through.
        OutageGate gate = new OutageGate(FailureCause.Area.API, "api.example.com",
                new Backoff(Duration.ofHours(1), Duration.ofHours(1), () -> 0.5), Clock.systemUTC(), events);
        gate.pass(); // working: returns at once
        gate.failed(FailureCause.API_UNAVAILABLE, "address request: HTTP 503");
        assertThat(gate.outage()).hasValueSatisfying(o -> assertThat(o.describe())
                .startsWith("api api.example.com: api_unavailable (address request: HTTP 503) since "));
        AtomicInteger passed = new AtomicInteger();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread waiter = new Thread(() -> {
                try {
                    gate.pass();
                    passed.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            waiters.add(waiter);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.stream().allMatch(w -> w.getState() == Thread.State.TIMED_WAITING));
        assertThat(passed).hasValue(0);
        gate.succeeded();
        for (Thread waiter : waiters) {
            waiter.join(10_000);
        }
        assertThat(passed).hasValue(3);
        assertThat(gate.outage()).isEmpty();
        assertThat(events.events).containsExactly("closed api_unavailable: address request: HTTP 503", "opened");
    }

    @Test
    void onceTheProbeTimeComesOneCallerPassesAndTheNextWaitsAgain() throws Exception {
        OutageGate gate = new OutageGate(FailureCause.Area.STORAGE, "storage",
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), () -> 0.5), Clock.systemUTC(), OutageGate.Listener.NONE);
        gate.failed(FailureCause.STORAGE, "storage: No space left on device");
        gate.pass(); // the probe, after about a millisecond
        assertThat(gate.outage()).as("passing is not healing").isPresent();
        gate.succeeded();
        gate.pass();
        assertThat(gate.outage()).isEmpty();
    }
}
