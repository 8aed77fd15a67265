package io.vidsift.downloader;

import java.time.Duration;

/**
 * At most {@code perSecond} address requests per second from this instance, spaced evenly: each caller reserves
 * the next free slot and sleeps until it. The token endpoint and the download host are not limited by it.
 */
public final class AddressRateLimit {

    private final long intervalNanos;
    private final Sleeper sleeper;
    private long nextSlot = System.nanoTime();

    public AddressRateLimit(double perSecond, Sleeper sleeper) {
        this.intervalNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
        this.sleeper = sleeper;
    }

    public void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }
}
