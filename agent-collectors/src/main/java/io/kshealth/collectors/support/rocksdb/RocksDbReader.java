package io.kshealth.collectors.support.rocksdb;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.collectors.support.jmx.TargetReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Reads the RocksDB metrics of the clients' persistent stores (KIP-607, recorded at INFO): one
 * {@code stream-state-metrics} MBean per store per task, summed here per store and per client.
 *
 * <p>Key-value, window and session stores are read (see {@link StoreType}); a segmented store's
 * MBean already sums its segments. A shared block cache is counted once (see {@link
 * SharedBlockCache}).
 *
 * <p>A value that no instance of a store has (an absent attribute, or NaN) is not reported. When
 * some instances have it, the sum over those is: a task whose store just opened, or whose MBean
 * lacks one attribute, would otherwise hide the memory of every other task of that store, and an
 * alert on memory misses less from a partial sum than from no figure at all.
 *
 * <p>One MBean per store instance makes the stores most of what a run costs the target (18 of 38
 * calls on the sample app, one call each whatever it returns), while their figures move slowly. So
 * each run reads half of them, in turn, and sums each instance as it was last read: every figure is
 * complete each run and at most one run older than the run; an instance not read before is read at
 * once.
 */
public final class RocksDbReader implements TargetReader {

  static final Metric MEMTABLE =
      Metric.gauge(
          "kshealth_rocksdb_memtable_bytes",
          "Memory of the store's memtables (active, unflushed and pinned), summed over its"
              + " instances.");
  static final Metric CACHE_USAGE =
      Metric.gauge(
          "kshealth_rocksdb_block_cache_usage_bytes",
          "Memory held in the store's block caches, summed over its instances, a shared cache"
              + " counted once.");
  static final Metric CACHE_PINNED =
      Metric.gauge(
          "kshealth_rocksdb_block_cache_pinned_usage_bytes",
          "Block cache memory pinned by entries in use, summed over the store's instances, a"
              + " shared cache counted once.");
  static final Metric CACHE_CAPACITY =
      Metric.gauge(
          "kshealth_rocksdb_block_cache_capacity_bytes",
          "Capacity of the store's block caches, summed over its instances, a shared cache counted"
              + " once.");
  static final Metric TABLE_READERS =
      Metric.gauge(
          "kshealth_rocksdb_table_readers_bytes",
          "Memory of the store's SST table readers (indexes and filters outside the block cache),"
              + " summed over its instances.");
  static final Metric SST_LIVE =
      Metric.gauge(
          "kshealth_rocksdb_sst_live_bytes",
          "Size of the SST files the store's instances currently use, summed.");
  static final Metric SST_TOTAL =
      Metric.gauge(
          "kshealth_rocksdb_sst_total_bytes",
          "Size of all the store's SST files, obsolete ones not yet deleted included, summed over"
              + " its instances.");
  static final Metric KEYS =
      Metric.gauge(
          "kshealth_rocksdb_estimated_keys",
          "RocksDB's estimate of the store's keys, summed over its instances.");
  static final Metric PENDING_COMPACTION =
      Metric.gauge(
          "kshealth_rocksdb_pending_compaction_bytes",
          "Bytes RocksDB estimates compaction has to rewrite to settle the store, summed over its"
              + " instances.");
  static final Metric FLUSH_PENDING =
      Metric.gauge(
          "kshealth_rocksdb_memtable_flush_pending",
          "Instances of the store with a memtable flush pending.");
  static final Metric COMPACTION_PENDING =
      Metric.gauge(
          "kshealth_rocksdb_compaction_pending",
          "Instances of the store with a compaction pending.");
  static final Metric BACKGROUND_ERRORS =
      Metric.counter(
          "kshealth_rocksdb_background_errors_total",
          "Background errors (flushes, compactions) of the store's instances; drops when a task"
              + " moves away.");
  static final Metric INSTANCES =
      Metric.gauge(
          "kshealth_rocksdb_store_instances",
          "Store instances (one per task; a segmented store's segments count as one) summed into the"
              + " store's figures.");
  static final Metric CLIENT_MEMORY =
      Metric.gauge(
          "kshealth_rocksdb_client_memory_bytes",
          "RocksDB memory of the client's stores: memtables, block cache and table readers, a"
              + " shared cache counted once.");
  static final Metric CLIENT_CACHE_USAGE =
      Metric.gauge(
          "kshealth_rocksdb_client_block_cache_usage_bytes",
          "Memory held in the block caches of the client's stores, a shared cache counted once.");
  static final Metric CLIENT_CACHE_CAPACITY =
      Metric.gauge(
          "kshealth_rocksdb_client_block_cache_capacity_bytes",
          "Capacity of the block caches of the client's stores, a shared cache counted once.");
  static final Metric CACHE_SHARED =
      Metric.gauge(
          "kshealth_rocksdb_block_cache_shared",
          "1 if the client's stores are counted as sharing one block cache, 0 if each has its"
              + " own.");

  static final String BLOCK_CACHE_USAGE = "block-cache-usage";
  static final String BLOCK_CACHE_PINNED_USAGE = "block-cache-pinned-usage";
  static final String BLOCK_CACHE_CAPACITY = "block-cache-capacity";

  private static final String STATE_MBEANS = "kafka.streams:type=stream-state-metrics,*";

  /** How the instances' values of one attribute make one figure. */
  private enum Combine {
    SUM,
    /** One cache's figure: summed, or the largest when the cache is shared. */
    CACHE,
    /** The instances with something pending (a segmented store's MBean counts its segments). */
    PENDING
  }

  private record Column(String attribute, Metric metric, Combine combine) {}

  private static final Column MEMTABLES = new Column("size-all-mem-tables", MEMTABLE, Combine.SUM);
  private static final Column USAGE = new Column(BLOCK_CACHE_USAGE, CACHE_USAGE, Combine.CACHE);
  private static final Column CAPACITY =
      new Column(BLOCK_CACHE_CAPACITY, CACHE_CAPACITY, Combine.CACHE);
  private static final Column READERS =
      new Column("estimate-table-readers-mem", TABLE_READERS, Combine.SUM);
  private static final List<Column> COLUMNS =
      List.of(
          MEMTABLES,
          USAGE,
          new Column(BLOCK_CACHE_PINNED_USAGE, CACHE_PINNED, Combine.CACHE),
          CAPACITY,
          READERS,
          new Column("total-sst-files-size", SST_TOTAL, Combine.SUM),
          new Column("live-sst-files-size", SST_LIVE, Combine.SUM),
          new Column("estimate-num-keys", KEYS, Combine.SUM),
          new Column("estimate-pending-compaction-bytes", PENDING_COMPACTION, Combine.SUM),
          new Column("mem-table-flush-pending", FLUSH_PENDING, Combine.PENDING),
          new Column("compaction-pending", COMPACTION_PENDING, Combine.PENDING),
          new Column("background-errors", BACKGROUND_ERRORS, Combine.SUM));
  private static final List<String> ATTRIBUTES = COLUMNS.stream().map(Column::attribute).toList();

  private record Reading(StoreInstance instance, MBeanValues values) {}

  private record Store(String name, StoreType type) {}

  private final SharedBlockCache mode;
  private volatile Map<StreamsClient, RocksDbTotals> lastTotals = Map.of();

  /** Each instance's values as last read; only the instances listed in the last run. */
  private final Map<ObjectName, MBeanValues> lastRead = new HashMap<>();

  /** Which half of the instances, in their names' order, this run reads. */
  private int turn;

  public RocksDbReader(SharedBlockCache mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  @Override
  public void read(MBeanServerConnection server, List<StreamsClient> clients, Snapshot.Builder out)
      throws IOException, JMException {
    lastTotals = Map.of();
    Map<StreamsClient, List<Reading>> byClient = new LinkedHashMap<>();
    Map<ObjectName, MBeanValues> read = new HashMap<>();
    turn ^= 1;
    int index = 0;
    for (ObjectName name : new TreeSet<>(MBeanValues.query(server, STATE_MBEANS))) {
      String thread = MBeanValues.key(name, "thread-id");
      String task = MBeanValues.key(name, "task-id");
      Optional<StoreType> type = StoreType.of(name);
      // In-memory stores, and MBeans of clients not listed, are not read at all.
      if (thread == null || task == null || type.isEmpty()) {
        continue;
      }
      StreamsClient client = StreamsClient.owning(clients, thread).orElse(null);
      if (client == null) {
        continue;
      }
      MBeanValues values = lastRead.get(name);
      if (values == null || index++ % 2 == turn) {
        values = MBeanValues.read(server, name, ATTRIBUTES);
      }
      if (!values.isEmpty()) {
        read.put(name, values);
        StoreInstance instance = new StoreInstance(task, type.get().store(name), type.get());
        byClient.computeIfAbsent(client, c -> new ArrayList<>()).add(new Reading(instance, values));
      }
    }
    lastRead.clear();
    lastRead.putAll(read);
    Map<StreamsClient, RocksDbTotals> totals = new LinkedHashMap<>();
    byClient.forEach((client, readings) -> totals.put(client, report(client, readings, out)));
    lastTotals = Collections.unmodifiableMap(totals);
  }

  /**
   * What the last run saw, per client with at least one RocksDB store instance; empty before the
   * first run and after a run that failed.
   */
  public Map<StreamsClient, RocksDbTotals> lastTotals() {
    return lastTotals;
  }

  private RocksDbTotals report(StreamsClient client, List<Reading> readings, Snapshot.Builder out) {
    List<MBeanValues> all = readings.stream().map(Reading::values).toList();
    boolean shared = mode.sharedBy(all);
    Map<Store, List<MBeanValues>> byStore = new LinkedHashMap<>();
    for (Reading r : readings) {
      Store store = new Store(r.instance().store(), r.instance().type());
      byStore.computeIfAbsent(store, s -> new ArrayList<>()).add(r.values());
    }
    byStore.forEach(
        (store, instances) -> {
          Labels labels =
              client.labels().and("store", store.name()).and("store_type", store.type().label());
          for (Column column : COLUMNS) {
            add(out, column.metric(), labels, combine(instances, column, shared));
          }
          out.add(INSTANCES, labels, instances.size());
        });
    OptionalDouble usage = combine(all, USAGE, shared);
    OptionalDouble capacity = combine(all, CAPACITY, shared);
    OptionalDouble memory =
        sumOfPresent(combine(all, MEMTABLES, shared), usage, combine(all, READERS, shared));
    add(out, CLIENT_MEMORY, client.labels(), memory);
    add(out, CLIENT_CACHE_USAGE, client.labels(), usage);
    add(out, CLIENT_CACHE_CAPACITY, client.labels(), capacity);
    out.add(CACHE_SHARED, client.labels(), shared ? 1 : 0);
    return new RocksDbTotals(
        memory, capacity, shared, readings.stream().map(Reading::instance).toList());
  }

  private static OptionalDouble combine(
      List<MBeanValues> instances, Column column, boolean shared) {
    double[] present = present(instances.stream().map(i -> i.number(column.attribute())));
    if (present.length == 0) {
      return OptionalDouble.empty();
    }
    DoubleStream values = DoubleStream.of(present);
    return OptionalDouble.of(
        switch (column.combine()) {
          case SUM -> values.sum();
          case CACHE -> shared ? values.max().getAsDouble() : values.sum();
          case PENDING -> values.filter(v -> v > 0).count();
        });
  }

  private static OptionalDouble sumOfPresent(OptionalDouble... parts) {
    double[] present = present(Stream.of(parts));
    return present.length == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(DoubleStream.of(present).sum());
  }

  private static double[] present(Stream<OptionalDouble> values) {
    return values
        .filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble)
        .toArray();
  }

  private static void add(Snapshot.Builder out, Metric metric, Labels labels, OptionalDouble v) {
    v.ifPresent(value -> out.add(metric, labels, value));
  }
}
