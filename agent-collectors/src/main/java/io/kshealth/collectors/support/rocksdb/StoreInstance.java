package io.kshealth.collectors.support.rocksdb;

/**
 * One RocksDB store of one task, as one {@code stream-state-metrics} MBean names it.
 *
 * @param task the task id, such as {@code 0_1}
 * @param type a window or session store's one instance covers all its segments
 */
public record StoreInstance(String task, String store, StoreType type) {}
