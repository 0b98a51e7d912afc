package dev.modelregistry.streams.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of an instance: a block cache shared by all stores
 * (index and filter blocks included), and memtables charged against that same cache. Left to
 * its defaults, each store opens its own 50 MiB cache and up to three 16 MiB memtables, so the
 * instance's off-heap memory grows with the number of stores and partitions it hosts.
 *
 * <p>Kafka Streams creates the config setter reflectively per store; the shared cache reaches it
 * through the streams configs ({@link #CONFIG_KEY}), so the budget belongs to one instance, not
 * to the JVM. Closed by its owner after the streams client has closed.
 */
public final class RocksDbMemory implements AutoCloseable {

    /** Streams config key under which the instance's budget is passed to {@link BoundedConfig}. */
    public static final String CONFIG_KEY = "model-registry.rocksdb.memory";

    private final Cache cache;
    private final WriteBufferManager writeBuffers;

    /**
     * @param bytes the whole budget: block cache plus memtables (a quarter of it at most)
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public RocksDbMemory(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("RocksDB memory budget must be positive, got " + bytes);
        }
        // RocksDB's native library is otherwise loaded only when the first store opens, after this
        RocksDB.loadLibrary();
        // strict limit off: a read that needs a block when the cache is full still succeeds
        this.cache = new LRUCache(bytes, -1, false, 0.1);
        this.writeBuffers = new WriteBufferManager(bytes / 4, cache);
    }

    @Override
    public void close() {
        writeBuffers.close();
        cache.close();
    }

    /** Applies the instance's {@link RocksDbMemory} (if configured) to each store it opens. */
    public static final class BoundedConfig implements RocksDBConfigSetter {

        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            if (!(configs.get(CONFIG_KEY) instanceof RocksDbMemory memory)) {
                return;
            }
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            table.setBlockCache(memory.cache);
            table.setCacheIndexAndFilterBlocks(true);
            table.setCacheIndexAndFilterBlocksWithHighPriority(true);
            table.setPinTopLevelIndexAndFilter(true);
            options.setTableFormatConfig(table);
            options.setWriteBufferManager(memory.writeBuffers);
        }

        @Override
        public void close(String storeName, Options options) {
            // the cache and the write buffer manager are shared: RocksDbMemory's owner closes them
        }
    }
}
