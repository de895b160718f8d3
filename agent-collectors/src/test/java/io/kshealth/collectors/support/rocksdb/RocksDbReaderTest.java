package io.kshealth.collectors.support.rocksdb;

import static io.kshealth.collectors.support.jmx.SampleValues.values;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.CAPACITY;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.CLIENT;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.CLIENT_ID;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.COUNTS;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.MEMTABLES;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.PROFILES;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.WINDOW;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.big;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.collectors.support.jmx.FakeMBean;
import io.kshealth.collectors.support.jmx.StreamsClient;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Per-store and per-client sums, missing values, and what reading costs the target. */
class RocksDbReaderTest {

  private final DumpedStores stores = new DumpedStores();

  RocksDbReaderTest() throws JMException {}

  @Test
  void sumsEachStoreOverItsTasksAndTellsWindowFromKeyValue() throws Exception {
    List<Sample> samples = stores.run(new RocksDbReader(SharedBlockCache.AUTO));

    assertEquals(
        Map.ofEntries(
            Map.entry("kshealth_rocksdb_memtable_bytes", 3 * 1054728.0),
            Map.entry("kshealth_rocksdb_block_cache_usage_bytes", 3 * 88.0),
            Map.entry("kshealth_rocksdb_block_cache_pinned_usage_bytes", 3 * 88.0),
            Map.entry("kshealth_rocksdb_block_cache_capacity_bytes", 3 * CAPACITY),
            Map.entry("kshealth_rocksdb_table_readers_bytes", 0.0),
            Map.entry("kshealth_rocksdb_sst_live_bytes", 0.0),
            Map.entry("kshealth_rocksdb_sst_total_bytes", 0.0),
            Map.entry("kshealth_rocksdb_estimated_keys", 6551.0 + 6669 + 6671),
            Map.entry("kshealth_rocksdb_pending_compaction_bytes", 0.0),
            Map.entry("kshealth_rocksdb_memtable_flush_pending", 0.0),
            Map.entry("kshealth_rocksdb_compaction_pending", 0.0),
            Map.entry("kshealth_rocksdb_background_errors_total", 0.0),
            Map.entry("kshealth_rocksdb_store_instances", 3.0)),
        values(samples, COUNTS));
    assertEquals(
        7346232.0 + 9574480 + 7346232,
        values(samples, PROFILES).get("kshealth_rocksdb_memtable_bytes"));
    assertEquals(
        6582.0 + 6744 + 6689, values(samples, WINDOW).get("kshealth_rocksdb_estimated_keys"));
    assertEquals(
        Map.of(
            "kshealth_rocksdb_client_memory_bytes",
            MEMTABLES + 9 * 88,
            "kshealth_rocksdb_client_block_cache_usage_bytes",
            9 * 88.0,
            "kshealth_rocksdb_client_block_cache_capacity_bytes",
            9 * CAPACITY,
            "kshealth_rocksdb_block_cache_shared",
            0.0),
        values(samples, CLIENT.labels()));
    assertEquals(4, new HashSet<>(samples.stream().map(Sample::labels).toList()).size());
  }

  @Test
  void sumsTheInstancesThatHaveAValueAndLeavesOutOneNoneHas() throws Exception {
    stores.instances.get(0).set("estimate-num-keys", Double.NaN); // counts-store 0_0
    stores.instances.get(3).remove("estimate-num-keys"); // counts-store 0_2
    for (FakeMBean instance : stores.instances) {
      instance.remove("estimate-table-readers-mem");
    }
    List<Sample> samples = stores.run(new RocksDbReader(SharedBlockCache.AUTO));
    Map<String, Double> counts = values(samples, COUNTS);
    assertEquals(6671.0, counts.get("kshealth_rocksdb_estimated_keys"));
    assertEquals(3.0, counts.get("kshealth_rocksdb_store_instances"));
    assertFalse(counts.containsKey("kshealth_rocksdb_table_readers_bytes"), counts.toString());
    assertEquals(
        MEMTABLES + 9 * 88,
        values(samples, CLIENT.labels()).get("kshealth_rocksdb_client_memory_bytes"));

    for (FakeMBean instance : stores.instances) {
      instance.remove("size-all-mem-tables").remove("block-cache-usage");
    }
    RocksDbReader reader = new RocksDbReader(SharedBlockCache.AUTO);
    Map<String, Double> client = values(stores.run(reader), CLIENT.labels());
    assertNull(client.get("kshealth_rocksdb_client_memory_bytes"), client.toString());
    assertEquals(OptionalDouble.empty(), reader.lastTotals().get(CLIENT).memoryBytes());
  }

  @Test
  void countsTheInstancesWithSomethingPendingNotTheSegments() throws Exception {
    stores.instances.get(2).set("compaction-pending", big(2)); // both segments of win-agg-store 0_0
    stores.instances.get(5).set("compaction-pending", big(1));
    stores.instances.get(5).set("mem-table-flush-pending", big(1));
    Map<String, Double> window =
        values(stores.run(new RocksDbReader(SharedBlockCache.AUTO)), WINDOW);
    assertEquals(2.0, window.get("kshealth_rocksdb_compaction_pending"));
    assertEquals(1.0, window.get("kshealth_rocksdb_memtable_flush_pending"));
  }

  @Test
  void anInstanceGoneBetweenQueryAndReadIsNotCounted() throws Exception {
    stores.jmx.afterQuery(
        () -> {
          stores.server.unregisterMBean(stores.names.get(0));
          return null;
        });
    RocksDbReader reader = new RocksDbReader(SharedBlockCache.AUTO);
    List<Sample> samples = stores.run(reader);
    assertEquals(2.0, values(samples, COUNTS).get("kshealth_rocksdb_store_instances"));
    assertEquals(1054728.0 * 2, values(samples, COUNTS).get("kshealth_rocksdb_memtable_bytes"));
    assertEquals(8, reader.lastTotals().get(CLIENT).instances().size());
  }

  @Test
  void readsOnlyTheRocksDbStoresOfListedClientsOnceEach() throws Exception {
    String thread =
        "kafka.streams:type=stream-state-metrics,thread-id=" + CLIENT_ID + "-StreamThread-1";
    FakeMBean.register(
        stores.server,
        thread + ",task-id=0_0,in-memory-state-id=cache",
        "size-all-mem-tables",
        big(1));
    FakeMBean.register(
        stores.server,
        "kafka.streams:type=stream-state-metrics,thread-id=other-app-1-StreamThread-1,task-id=0_0,"
            + "rocksdb-state-id=counts-store",
        "size-all-mem-tables",
        big(1));
    StreamsClient other = new StreamsClient("other-app-2", "other-app");

    RocksDbReader reader = new RocksDbReader(SharedBlockCache.AUTO);
    List<Sample> samples = stores.run(reader, CLIENT, other);

    assertEquals(List.of("kafka.streams:type=stream-state-metrics,*"), stores.jmx.queries());
    List<Object> reads = stores.jmx.targets("getAttributes");
    assertEquals(new HashSet<>(stores.names), new HashSet<>(reads));
    assertEquals(stores.names.size(), reads.size());
    assertEquals(1 + stores.names.size(), stores.jmx.calls().size(), stores.jmx.calls().toString());
    assertEquals(Map.of(CLIENT, reader.lastTotals().get(CLIENT)), reader.lastTotals());
    assertTrue(samples.stream().allMatch(s -> CLIENT_ID.equals(s.labels().get("client_id"))));
  }

  /**
   * The target pays for half its store instances per run; every figure stays complete, each
   * instance as last read, and a change shows within two runs.
   */
  @Test
  void eachRunReadsHalfTheInstancesInTurnAndSumsEveryInstance() throws Exception {
    RocksDbReader reader = new RocksDbReader(SharedBlockCache.AUTO);
    stores.run(reader);
    assertEquals(stores.names.size(), stores.jmx.targets("getAttributes").size(), "all at first");
    double memtables = values(stores.run(reader), COUNTS).get("kshealth_rocksdb_memtable_bytes");
    assertEquals(3 * 1054728.0, memtables, "complete though half were read");
    stores.jmx.clear();
    stores.instances.forEach(i -> i.set("size-all-mem-tables", big(1)));
    List<Sample> first = stores.run(reader);
    List<Object> firstReads = stores.jmx.targets("getAttributes");
    stores.jmx.clear();
    List<Sample> second = stores.run(reader);
    List<Object> secondReads = stores.jmx.targets("getAttributes");
    assertEquals(stores.names.size() / 2, firstReads.size());
    assertEquals(stores.names.size() - firstReads.size(), secondReads.size());
    HashSet<Object> both = new HashSet<>(firstReads);
    both.addAll(secondReads);
    assertEquals(new HashSet<>(stores.names), both, "every instance within two runs");
    assertTrue(values(first, COUNTS).get("kshealth_rocksdb_memtable_bytes") > 3.0);
    assertEquals(3.0, values(second, COUNTS).get("kshealth_rocksdb_memtable_bytes"));
  }

  /** Session stores hold RocksDB memory too: segmented, like window stores. */
  @Test
  void sessionStoresAreReadAsTheirOwnType() throws Exception {
    String thread =
        "kafka.streams:type=stream-state-metrics,thread-id=" + CLIENT_ID + "-StreamThread-1";
    FakeMBean.register(
        stores.server,
        thread + ",task-id=0_0,rocksdb-session-state-id=sessions",
        "size-all-mem-tables",
        big(1000));
    RocksDbReader reader = new RocksDbReader(SharedBlockCache.AUTO);
    List<Sample> samples = stores.run(reader, CLIENT);

    Labels sessions = CLIENT.labels().and("store", "sessions").and("store_type", "session");
    assertEquals(1000.0, values(samples, sessions).get("kshealth_rocksdb_memtable_bytes"));
    assertTrue(
        reader
            .lastTotals()
            .get(CLIENT)
            .instances()
            .contains(new StoreInstance("0_0", "sessions", StoreType.SESSION)));
  }

  @Test
  void totalsAreWhatTheLastRunSaw() throws Exception {
    RocksDbReader reader = new RocksDbReader(SharedBlockCache.AUTO);
    assertEquals(Map.of(), reader.lastTotals());
    stores.run(reader);
    RocksDbTotals totals = reader.lastTotals().get(CLIENT);
    assertEquals(OptionalDouble.of(MEMTABLES + 9 * 88), totals.memoryBytes());
    assertEquals(OptionalDouble.of(9 * CAPACITY), totals.blockCacheCapacityBytes());
    assertEquals(9, totals.instances().size());
    assertTrue(
        totals.instances().contains(new StoreInstance("0_1", "win-agg-store", StoreType.WINDOW)));
    assertTrue(
        totals.instances().contains(new StoreInstance("0_2", "counts-store", StoreType.KEY_VALUE)));

    for (ObjectName name : stores.names) {
      stores.server.unregisterMBean(name);
    }
    assertEquals(List.of(), stores.run(reader));
    assertEquals(Map.of(), reader.lastTotals());
  }
}
