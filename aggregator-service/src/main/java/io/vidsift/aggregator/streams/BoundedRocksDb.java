package io.vidsift.aggregator.streams;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds RocksDB's off-heap memory for all stores of all tasks of this process together: one block cache and one
 * write-buffer budget shared by every store (by default each store of each task would take its own 50 MB cache and
 * up to 3 x 16 MB memtables, so memory would grow with partitions x stores). This is the pattern the Kafka Streams
 * memory-management documentation gives; the total is {@code vidsift.aggregator.rocksdb-memory} (via
 * {@link #MEMORY_CONFIG}), a quarter of it for memtables.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    public static final String MEMORY_CONFIG = "vidsift.aggregator.rocksdb.memory.bytes";
    private static final long DEFAULT_MEMORY = 32L << 20;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    // One cache per process by design (RocksDB's own sharing mechanism); created once, never replaced.
    private static synchronized void shared(long memory) {
        if (cache == null) {
            cache = new LRUCache(memory, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(memory / 4, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(MEMORY_CONFIG);
        shared(configured == null ? DEFAULT_MEMORY : Long.parseLong(configured.toString()));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(4L << 20);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The shared cache and write-buffer manager outlive any one store.
    }
}
