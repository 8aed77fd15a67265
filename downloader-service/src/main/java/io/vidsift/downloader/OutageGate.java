package io.vidsift.downloader;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * One systemic area (an API host, a download host, storage) that is either working or down. While it is down,
 * callers of {@link #pass()} wait, except one per probe interval (growing with the backoff as failures repeat):
 * that caller's request is the probe. A success anywhere opens the gate for everyone. So an outage costs one
 * request per interval instead of every queued chunk failing in turn, and ends by itself when the cause clears.
 */
public final class OutageGate {

    /** Hears when the gate closes and opens again (logs, pausing the consumer). */
    public interface Listener {
        void closed(Outage outage);

        void opened(Outage outage);

        Listener NONE = new Listener() {
            @Override
            public void closed(Outage outage) {
            }

            @Override
            public void opened(Outage outage) {
            }
        };
    }

    private final FailureCause.Area area;
    private final String where;
    private final Backoff backoff;
    private final Clock clock;
    private final Listener listener;
    private Outage outage;          // null while working
    private int failures;           // consecutive, since the gate closed
    private long nextProbeNanos;

    public OutageGate(FailureCause.Area area, String where, Backoff backoff, Clock clock, Listener listener) {
        this.area = area;
        this.where = where;
        this.backoff = backoff;
        this.clock = clock;
        this.listener = listener;
    }

    /** Returns at once while working; while down, returns to one caller per probe interval. */
    public synchronized void pass() throws InterruptedException {
        while (outage != null) {
            long now = System.nanoTime();
            if (now - nextProbeNanos >= 0) {
                nextProbeNanos = now + backoff.delay(failures).toNanos();
                return;
            }
            wait(Math.max(1, (nextProbeNanos - now) / 1_000_000));
        }
    }

    /** {@code detail} is sanitized here: it reaches logs and the readiness answer. */
    public void failed(FailureCause cause, String rawDetail) {
        String detail = LogRedactor.forRecord(rawDetail);
        Outage closed = null;
        synchronized (this) {
            failures++;
            if (outage == null) {
                outage = new Outage(area, where, cause, detail, clock.instant());
                nextProbeNanos = System.nanoTime() + backoff.delay(failures).toNanos();
                closed = outage;
            } else {
                outage = new Outage(area, where, cause, detail, outage.since());
            }
        }
        if (closed != null) {
            listener.closed(closed);
        }
    }

    public void succeeded() {
        Outage ended;
        synchronized (this) {
            ended = outage;
            if (ended == null) {
                return;
            }
            outage = null;
            failures = 0;
            notifyAll();
        }
        listener.opened(ended);
    }

    public synchronized Optional<Outage> outage() {
        return Optional.ofNullable(outage);
    }

    /** A systemic cause in effect: what, where, why (sanitized) and since when. */
    public record Outage(FailureCause.Area area, String where, FailureCause cause, String detail, Instant since) {

        /** One line for readiness and logs, e.g. {@code api api2.example.com: api_unavailable (address request: HTTP 503) since ...}. */
        public String describe() {
            return area.name().toLowerCase(java.util.Locale.ROOT) + " " + where + ": " + cause.key() + " (" + detail + ") since " + since;
        }
    }
}
