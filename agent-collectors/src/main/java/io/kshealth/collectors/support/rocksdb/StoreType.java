package io.kshealth.collectors.support.rocksdb;

import java.util.Optional;
import javax.management.ObjectName;

/**
 * The kinds of RocksDB store Kafka Streams reports, each under its own key of the {@code
 * stream-state-metrics} MBean name. A window or session store is segmented: one MBean sums its
 * segments, each a RocksDB instance of its own.
 */
public enum StoreType {
  KEY_VALUE("key-value", "rocksdb-state-id"),
  WINDOW("window", "rocksdb-window-state-id"),
  SESSION("session", "rocksdb-session-state-id");

  private final String label;
  private final String key;

  StoreType(String label, String key) {
    this.label = label;
    this.key = key;
  }

  /** The value of the {@code store_type} label. */
  public String label() {
    return label;
  }

  /** The type of store an MBean name is about; empty for in-memory stores and other MBeans. */
  static Optional<StoreType> of(ObjectName name) {
    for (StoreType t : values()) {
      if (name.getKeyProperty(t.key) != null) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The store's name in an MBean name of this type. */
  String store(ObjectName name) {
    return io.kshealth.collectors.support.jmx.MBeanValues.key(name, key);
  }
}
