package dev.modelregistry.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Given a store's RocksDB options, when the bounded config is applied, then they share the instance's budget. */
class RocksDbMemoryTest {

    @Test
    void aStoreOpenedWithABudgetUsesTheSharedCacheForEverything() {
        try (RocksDbMemory memory = new RocksDbMemory(8L * 1024 * 1024); Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            new RocksDbMemory.BoundedConfig().setConfig("model-latest", options, Map.of(RocksDbMemory.CONFIG_KEY, memory));
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).as("index and filter blocks count against the budget").isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
            assertThat(options.writeBufferManager()).as("memtables are charged to the same cache").isNotNull();
        }
    }

    @Test
    void withoutABudgetTheOptionsAreLeftAsTheyAre() {
        RocksDB.loadLibrary(); // a budget loads it itself; Options needs it here
        try (Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            new RocksDbMemory.BoundedConfig().setConfig("model-latest", options, Map.of());
            assertThat(((BlockBasedTableConfig) options.tableFormatConfig()).cacheIndexAndFilterBlocks()).isFalse();
            assertThat(options.writeBufferManager()).isNull();
        }
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> new RocksDbMemory(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
