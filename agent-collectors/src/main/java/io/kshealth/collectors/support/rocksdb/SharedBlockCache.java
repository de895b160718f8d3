package io.kshealth.collectors.support.rocksdb;

import io.kshealth.collectors.support.jmx.MBeanValues;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Whether a client's stores share one block cache (a {@code RocksDBConfigSetter} handing every
 * store the same {@code Cache}). Every instance then reports that cache's capacity and usage, so
 * they are counted once, not once per instance. JMX does not say which cache an instance uses.
 */
public enum SharedBlockCache {
  /**
   * Shared when a client has more than one instance, all report the same capacity and the same
   * usage, and that usage is more than their pinned usage.
   *
   * <p>Equal usage alone proves nothing: a fresh cache holds only pinned bookkeeping (88 bytes in
   * every cache, shared or not, with rocksdbjni 10.1.3; the reference dump shows 88 in all 9 of its
   * unshared caches), so fresh unshared caches read equal too. Once blocks are read into them,
   * unshared caches differ and a shared one reads the same everywhere, above its pinned part.
   *
   * <p>In doubt it answers "not shared": counting a cache per instance over-states memory, which at
   * worst raises a memory alert early, where under-stating it would hide one. A busy shared cache
   * may change between the reads of two instances and then reads as unshared for that run; set
   * {@link #YES} when the configuration is known.
   */
  AUTO,
  /** Always shared: the configuration is known to hand every store one cache. */
  YES,
  /** Never shared: the default Streams configuration, one cache per store instance. */
  NO;

  /** Whether the instances of one client, all of them, share one cache. */
  boolean sharedBy(List<MBeanValues> instances) {
    return switch (this) {
      case YES -> true;
      case NO -> false;
      case AUTO ->
          instances.size() > 1
              && same(instances, RocksDbReader.BLOCK_CACHE_CAPACITY)
              && same(instances, RocksDbReader.BLOCK_CACHE_USAGE)
              && instances.stream().allMatch(SharedBlockCache::holdsUnpinnedBlocks);
    };
  }

  private static boolean same(List<MBeanValues> instances, String attribute) {
    OptionalDouble first = instances.get(0).number(attribute);
    return first.isPresent() && instances.stream().allMatch(i -> i.number(attribute).equals(first));
  }

  private static boolean holdsUnpinnedBlocks(MBeanValues instance) {
    OptionalDouble usage = instance.number(RocksDbReader.BLOCK_CACHE_USAGE);
    OptionalDouble pinned = instance.number(RocksDbReader.BLOCK_CACHE_PINNED_USAGE);
    return usage.isPresent() && pinned.isPresent() && usage.getAsDouble() > pinned.getAsDouble();
  }
}
