package io.vidsift.aggregator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * A {@link Table} in a TreeMap ordered like the stores' bytes (UTF-8 order is code point order), for tests and
 * tools that fold a few events without Kafka. Not thread-safe.
 */
public final class MemoryTable<V> implements Table<V> {

    private final TreeMap<String, V> entries = new TreeMap<>(MemoryTable::compareCodePoints);

    @Override
    public V get(String key) {
        return entries.get(key);
    }

    @Override
    public void put(String key, V value) {
        entries.put(key, value);
    }

    @Override
    public void delete(String key) {
        entries.remove(key);
    }

    @Override
    public void scan(String prefix, BiPredicate<String, V> visitor) {
        // A copy, so that a visitor may change the table (the stores allow it too).
        List<Map.Entry<String, V>> matching = new ArrayList<>(entries.tailMap(prefix, true).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix)).toList());
        for (Map.Entry<String, V> entry : matching) {
            if (!visitor.test(entry.getKey(), entry.getValue())) {
                return;
            }
        }
    }

    public int size() {
        return entries.size();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
