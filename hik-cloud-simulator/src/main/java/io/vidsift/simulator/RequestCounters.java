package io.vidsift.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the simulator was asked and what it did, so tests can assert "no download request was made".
 * Names: token_requests, address_requests, download_requests, download_bytes_announced, faults.&lt;kind&gt;,
 * address_code.&lt;code&gt;, download_status.&lt;status&gt;, download_requests.&lt;serial&gt;.
 */
public final class RequestCounters {

    public static final String TOKEN = "token_requests";
    public static final String ADDRESS = "address_requests";
    public static final String DOWNLOAD = "download_requests";
    public static final String BYTES = "download_bytes_announced";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void add(String name, long amount) {
        counters.computeIfAbsent(name, k -> new LongAdder()).add(amount);
    }

    public void increment(String name) {
        add(name, 1);
    }

    public long get(String name) {
        LongAdder adder = counters.get(name);
        return adder == null ? 0 : adder.sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        for (String name : new String[]{TOKEN, ADDRESS, DOWNLOAD, BYTES}) {
            copy.putIfAbsent(name, 0L);
        }
        return copy;
    }

    public void reset() {
        counters.clear();
    }
}
