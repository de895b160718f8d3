package io.kshealth.collectors.support.rocksdb;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What one run saw of one client's RocksDB stores, for comparing with the process's off-heap
 * memory.
 *
 * @param memoryBytes memtables, block cache usage and table readers, a shared cache counted once;
 *     empty when no instance reported any of them
 * @param blockCacheCapacityBytes the capacity of the client's block caches, a shared one counted
 *     once: what the caches may still grow to
 * @param sharedBlockCache whether the client's stores were counted as sharing one cache
 * @param instances the store instances read
 */
public record RocksDbTotals(
    OptionalDouble memoryBytes,
    OptionalDouble blockCacheCapacityBytes,
    boolean sharedBlockCache,
    List<StoreInstance> instances) {

  public RocksDbTotals {
    instances = List.copyOf(instances);
  }
}
