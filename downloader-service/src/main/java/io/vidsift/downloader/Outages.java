package io.vidsift.downloader;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link OutageGate}s of this instance, one per systemic area and place: each API host, each download host,
 * and the storage. An outage of one API host does not hold back chunks of another.
 */
public final class Outages {

    public static final String STORAGE = "storage";

    private final Backoff backoff;
    private final Clock clock;
    private final OutageGate.Listener listener;
    private final Map<String, OutageGate> gates = new ConcurrentHashMap<>();

    public Outages(Backoff backoff, Clock clock, OutageGate.Listener listener) {
        this.backoff = backoff;
        this.clock = clock;
        this.listener = listener;
    }

    public OutageGate gate(FailureCause.Area area, String where) {
        return gates.computeIfAbsent(area + " " + where, k -> new OutageGate(area, where, backoff, clock, listener));
    }

    public OutageGate storage() {
        return gate(FailureCause.Area.STORAGE, STORAGE);
    }

    /** Where a URL's requests go, as a gate's key: host and port (two APIs on one host are two places); never the query. */
    public static String where(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return "unparsable-url";
        }
    }

    /** Every outage in effect now. */
    public List<OutageGate.Outage> current() {
        List<OutageGate.Outage> current = new ArrayList<>();
        gates.values().forEach(g -> g.outage().ifPresent(current::add));
        return current;
    }
}
