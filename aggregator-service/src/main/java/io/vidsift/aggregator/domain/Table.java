package io.vidsift.aggregator.domain;

import java.util.function.BiPredicate;

/**
 * A sorted key-value table of job state. In the service each is a Kafka Streams RocksDB store (changelogged,
 * restored after a restart); tests fold into {@link MemoryTable}. Keys come from {@link Keys}, so a prefix scan
 * returns a job's rows in output order.
 */
public interface Table<V> {

    V get(String key);

    void put(String key, V value);

    void delete(String key);

    /** Visits every entry whose key starts with {@code prefix}, in key order, until the visitor returns false. */
    void scan(String prefix, BiPredicate<String, V> visitor);
}
