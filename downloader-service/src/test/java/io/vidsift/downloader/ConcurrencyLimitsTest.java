package io.vidsift.downloader;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyLimitsTest {

    @Test
    void theAddressRateLimitSpacesRequestsEvenly() throws Exception {
        List<Duration> waits = new ArrayList<>();
        AddressRateLimit limit = new AddressRateLimit(10, waits::add);
        for (int i = 0; i < 5; i++) {
            limit.acquire();
        }
        // The first goes at once; each later one is booked a further 100 ms out (the sleeper does not really sleep).
        assertThat(waits).hasSize(4);
        for (int i = 0; i < waits.size(); i++) {
            assertThat(waits.get(i).toMillis()).isBetween(100L * (i + 1) - 50, 100L * (i + 1));
        }
        List<Duration> none = new ArrayList<>();
        AddressRateLimit unlimited = new AddressRateLimit(0, none::add);
        unlimited.acquire();
        unlimited.acquire();
        assertThat(none).isEmpty();
    }

    @Test
    void aDeviceGetsNoMoreSlotsThanItsLimitWhileOthersAreFree() throws Exception {
        DeviceSlots slots = new DeviceSlots(2);
        DeviceSlots.Slot a1 = slots.acquire("A", 1);
        DeviceSlots.Slot a2 = slots.acquire("A", 1);
        DeviceSlots.Slot b1 = slots.acquire("B", 1); // another device is not held up
        AtomicBoolean third = new AtomicBoolean();
        CountDownLatch got = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try (DeviceSlots.Slot a3 = slots.acquire("A", 1)) {
                third.set(true);
                got.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        assertThat(got.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(third).isFalse();
        a1.close();
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        waiter.join();
        a2.close();
        b1.close();
    }
}
