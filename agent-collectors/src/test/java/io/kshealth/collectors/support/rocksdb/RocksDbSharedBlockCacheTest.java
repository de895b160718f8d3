package io.kshealth.collectors.support.rocksdb;

import static io.kshealth.collectors.support.jmx.SampleValues.values;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.CAPACITY;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.CLIENT;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.MEMTABLES;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.PROFILES;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.WINDOW;
import static io.kshealth.collectors.support.rocksdb.DumpedStores.big;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Sample;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.management.JMException;
import org.junit.jupiter.api.Test;

/** When a client's block cache is counted once, in each mode. */
class RocksDbSharedBlockCacheTest {

  private final DumpedStores stores = new DumpedStores();

  RocksDbSharedBlockCacheTest() throws JMException {}

  @Test
  void autoCountsEqualFreshCachesEveryOneSinceTheyHoldOnlyPinnedBytes() throws Exception {
    // The dump: equal capacity, equal usage (88), yet nine caches. Empty caches read alike too.
    assertEquals(9 * CAPACITY, cacheCapacity(new RocksDbReader(SharedBlockCache.AUTO)));
    stores.setAll("block-cache-usage", 0);
    stores.setAll("block-cache-pinned-usage", 0);
    RocksDbReader reader = new RocksDbReader(SharedBlockCache.AUTO);
    assertEquals(9 * CAPACITY, cacheCapacity(reader));
    assertFalse(reader.lastTotals().get(CLIENT).sharedBlockCache());
  }

  @Test
  void autoCountsASharedCacheOnceUntilOneInstanceDiffers() throws Exception {
    stores.setAll("block-cache-usage", 7022760);
    stores.instances.get(4).set("block-cache-pinned-usage", big(4336));
    RocksDbReader reader = new RocksDbReader(SharedBlockCache.AUTO);

    List<Sample> samples = stores.run(reader);
    assertEquals(
        Map.of(
            "kshealth_rocksdb_client_memory_bytes",
            MEMTABLES + 7022760,
            "kshealth_rocksdb_client_block_cache_usage_bytes",
            7022760.0,
            "kshealth_rocksdb_client_block_cache_capacity_bytes",
            CAPACITY,
            "kshealth_rocksdb_block_cache_shared",
            1.0),
        values(samples, CLIENT.labels()));
    Map<String, Double> profiles = values(samples, PROFILES);
    assertEquals(7022760.0, profiles.get("kshealth_rocksdb_block_cache_usage_bytes"));
    assertEquals(4336.0, profiles.get("kshealth_rocksdb_block_cache_pinned_usage_bytes"));
    assertEquals(CAPACITY, profiles.get("kshealth_rocksdb_block_cache_capacity_bytes"));
    RocksDbTotals totals = reader.lastTotals().get(CLIENT);
    assertTrue(totals.sharedBlockCache());
    assertEquals(OptionalDouble.of(MEMTABLES + 7022760), totals.memoryBytes());
    assertEquals(OptionalDouble.of(CAPACITY), totals.blockCacheCapacityBytes());

    stores.instances.get(8).set("block-cache-usage", big(7022761));
    stores.run(reader); // Each instance is read within two runs.
    assertEquals(9 * CAPACITY, cacheCapacity(reader));
    assertFalse(reader.lastTotals().get(CLIENT).sharedBlockCache());
  }

  @Test
  void autoNeedsMoreThanOneInstanceAndEveryCapacity() throws Exception {
    stores.setAll("block-cache-usage", 7022760);
    stores.instances.get(0).remove("block-cache-capacity");
    assertEquals(8 * CAPACITY, cacheCapacity(new RocksDbReader(SharedBlockCache.AUTO)));
    for (int i = 1; i < stores.instances.size(); i++) {
      stores.server.unregisterMBean(stores.names.get(i));
    }
    RocksDbReader reader = new RocksDbReader(SharedBlockCache.AUTO);
    stores.run(reader);
    assertFalse(reader.lastTotals().get(CLIENT).sharedBlockCache());
  }

  @Test
  void yesCountsTheCacheOnceAndNoCountsEveryCache() throws Exception {
    RocksDbReader yes = new RocksDbReader(SharedBlockCache.YES);
    List<Sample> samples = stores.run(yes);
    assertEquals(CAPACITY, cacheCapacity(yes));
    assertEquals(88.0, values(samples, WINDOW).get("kshealth_rocksdb_block_cache_usage_bytes"));
    assertEquals(
        MEMTABLES + 88,
        values(samples, CLIENT.labels()).get("kshealth_rocksdb_client_memory_bytes"));

    stores.setAll("block-cache-usage", 7022760);
    RocksDbReader no = new RocksDbReader(SharedBlockCache.NO);
    assertEquals(9 * CAPACITY, cacheCapacity(no));
    assertEquals(
        OptionalDouble.of(MEMTABLES + 9 * 7022760.0), no.lastTotals().get(CLIENT).memoryBytes());
  }

  private double cacheCapacity(RocksDbReader reader) throws IOException, JMException {
    stores.run(reader);
    return reader.lastTotals().get(CLIENT).blockCacheCapacityBytes().getAsDouble();
  }
}
