package io.vidsift.aggregator.streams;

import io.vidsift.aggregator.domain.Table;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.function.BiPredicate;

/**
 * A {@link Table} over a Kafka Streams key-value store: read-write inside the processor (the stream thread), or
 * read-only through interactive queries (the file writer); writing to a read-only one is a bug and throws.
 */
final class StoreTable<V> implements Table<V> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final ReadOnlyKeyValueStore<String, V> store;

    StoreTable(ReadOnlyKeyValueStore<String, V> store) {
        this.store = store;
    }

    @Override
    public V get(String key) {
        return store.get(key);
    }

    @Override
    public void put(String key, V value) {
        writable().put(key, value);
    }

    @Override
    public void delete(String key) {
        writable().delete(key);
    }

    @Override
    public void scan(String prefix, BiPredicate<String, V> visitor) {
        try (KeyValueIterator<String, V> entries = store.prefixScan(prefix, KEYS)) {
            while (entries.hasNext()) {
                KeyValue<String, V> entry = entries.next();
                if (!visitor.test(entry.key, entry.value)) {
                    return;
                }
            }
        }
    }

    private KeyValueStore<String, V> writable() {
        if (store instanceof KeyValueStore<String, V> writable) {
            return writable;
        }
        throw new UnsupportedOperationException("read-only view of a job store");
    }
}
