package io.kshealth.collectors.support.jvm;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.collectors.support.jmx.TargetReader;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Reads the watched application's JVM, as opposed to the agent's own ({@code jvm_*}): heap and
 * non-heap, the old generation after collection, metaspace, the garbage collectors and the NIO
 * buffer pools. Memory pools are listed by name and only the two needed are read.
 *
 * <p>A value the JVM reports as undefined (-1, the {@code java.lang.management} convention) is
 * absent, never 0.
 */
public final class JvmReader implements TargetReader {

  static final Metric HEAP_USED =
      Metric.gauge("kshealth_target_jvm_heap_used_bytes", "Heap in use in the watched JVM.");
  static final Metric HEAP_COMMITTED =
      Metric.gauge(
          "kshealth_target_jvm_heap_committed_bytes", "Heap the watched JVM has committed.");
  static final Metric HEAP_MAX =
      Metric.gauge(
          "kshealth_target_jvm_heap_max_bytes",
          "Largest heap the watched JVM may commit (-Xmx); absent when undefined.");
  static final Metric NON_HEAP_USED =
      Metric.gauge(
          "kshealth_target_jvm_nonheap_used_bytes",
          "Non-heap memory (code cache, metaspace, class space) in use in the watched JVM.");
  static final Metric NON_HEAP_COMMITTED =
      Metric.gauge(
          "kshealth_target_jvm_nonheap_committed_bytes",
          "Non-heap memory (code cache, metaspace, class space) the watched JVM has committed.");
  static final Metric OLD_GEN_AFTER_GC =
      Metric.gauge(
          "kshealth_target_jvm_old_gen_after_gc_bytes",
          "Old generation in use after the last collection that covered it: the long-lived heap.");
  static final Metric OLD_GEN_AFTER_GC_RATIO =
      Metric.gauge(
          "kshealth_target_jvm_old_gen_after_gc_ratio",
          "Old generation in use after the last collection that covered it, over its maximum (or"
              + " its committed size when it has none).");
  static final Metric METASPACE_USED =
      Metric.gauge(
          "kshealth_target_jvm_metaspace_used_bytes", "Metaspace in use in the watched JVM.");
  static final Metric METASPACE_COMMITTED =
      Metric.gauge(
          "kshealth_target_jvm_metaspace_committed_bytes",
          "Metaspace the watched JVM has committed.");
  static final Metric BUFFER_USED =
      Metric.gauge(
          "kshealth_target_jvm_buffer_pool_used_bytes",
          "Memory the JVM uses for the buffers of the pool (direct or mapped).");
  static final Metric BUFFER_CAPACITY =
      Metric.gauge(
          "kshealth_target_jvm_buffer_pool_capacity_bytes",
          "Total capacity of the buffers of the pool (direct or mapped).");
  static final Metric BUFFERS =
      Metric.gauge("kshealth_target_jvm_buffer_pool_buffers", "Buffers in the pool.");

  private static final ObjectName MEMORY = MBeanValues.objectName("java.lang:type=Memory");
  private static final String HEAP = "HeapMemoryUsage";
  private static final String NON_HEAP = "NonHeapMemoryUsage";
  private static final String POOL_MBEANS = "java.lang:type=MemoryPool,*";
  private static final String BUFFER_POOL_MBEANS = "java.nio:type=BufferPool,*";
  private static final String COLLECTION_USAGE = "CollectionUsage";
  private static final String USAGE = "Usage";

  /**
   * The heap pool that holds long-lived objects, by HotSpot's names: the old generation of G1,
   * Parallel, Serial and CMS, of generational ZGC (JDK 21+) and Shenandoah (JDK 24+), or the one
   * pool of single-generation ZGC and Shenandoah. A JVM has at most one of them.
   */
  static final Set<String> OLD_GEN_POOLS =
      Set.of(
          "G1 Old Gen",
          "PS Old Gen",
          "Tenured Gen",
          "CMS Old Gen",
          "ZGC Old Generation",
          "Shenandoah Old Gen",
          "ZHeap",
          "Shenandoah");

  private static final String METASPACE_POOL = "Metaspace";

  private final Labels labels;
  private final GarbageCollectors collectors;
  private volatile Optional<JvmMemory> lastMemory = Optional.empty();

  /**
   * @param labels put on every sample, to tell the watched JVM's from the agent's
   * @param clock times the runs for the GC time ratio
   */
  public JvmReader(Labels labels, Clock clock) {
    this.labels = Objects.requireNonNull(labels, "labels");
    this.collectors = new GarbageCollectors(labels, clock);
  }

  /** The JVM is the same for every Streams client in it: {@code clients} is not used. */
  @Override
  public void read(MBeanServerConnection server, List<StreamsClient> clients, Snapshot.Builder out)
      throws IOException, JMException {
    lastMemory = Optional.empty();
    MBeanValues memory = MBeanValues.read(server, MEMORY, List.of(HEAP, NON_HEAP));
    OptionalDouble heapCommitted = usage(memory, HEAP, "committed");
    OptionalDouble nonHeapCommitted = usage(memory, NON_HEAP, "committed");
    add(out, HEAP_USED, labels, usage(memory, HEAP, "used"));
    add(out, HEAP_COMMITTED, labels, heapCommitted);
    add(out, HEAP_MAX, labels, usage(memory, HEAP, "max"));
    add(out, NON_HEAP_USED, labels, usage(memory, NON_HEAP, "used"));
    add(out, NON_HEAP_COMMITTED, labels, nonHeapCommitted);
    readPools(server, out);
    collectors.read(server, out);
    OptionalDouble direct = readBufferPools(server, out);
    lastMemory = Optional.of(new JvmMemory(heapCommitted, nonHeapCommitted, direct));
  }

  /** What the last run saw; empty before the first run and after a run that failed. */
  public Optional<JvmMemory> lastMemory() {
    return lastMemory;
  }

  private void readPools(MBeanServerConnection server, Snapshot.Builder out)
      throws IOException, JMException {
    for (ObjectName pool : MBeanValues.query(server, POOL_MBEANS)) {
      String name = pool.getKeyProperty("name");
      if (OLD_GEN_POOLS.contains(name)) {
        readOldGen(MBeanValues.read(server, pool, List.of(COLLECTION_USAGE)), out);
      } else if (METASPACE_POOL.equals(name)) {
        MBeanValues metaspace = MBeanValues.read(server, pool, List.of(USAGE));
        add(out, METASPACE_USED, labels, usage(metaspace, USAGE, "used"));
        add(out, METASPACE_COMMITTED, labels, usage(metaspace, USAGE, "committed"));
      }
    }
  }

  /**
   * A pool's CollectionUsage is its usage right after the last collection that covered it. Until
   * such a collection it reads used = 0 and committed = 0 (seen on JDK 17 with G1, Parallel, Serial
   * and ZGC, on JDK 25 with G1, ZGC and both Shenandoah modes), which would read as an empty old
   * generation: absent instead. Young-only collections leave it as it was: Serial's and Parallel's
   * young collectors do not cover the old pool, and G1 updates it only on mixed and full
   * collections. So after a first old collection it is the long-lived heap as of the last one,
   * maybe older than this run but never made up.
   */
  private void readOldGen(MBeanValues pool, Snapshot.Builder out) {
    OptionalDouble committed = usage(pool, COLLECTION_USAGE, "committed");
    OptionalDouble used = usage(pool, COLLECTION_USAGE, "used");
    if (committed.isEmpty() || committed.getAsDouble() == 0 || used.isEmpty()) {
      return;
    }
    OptionalDouble max = usage(pool, COLLECTION_USAGE, "max");
    double limit =
        max.isPresent() && max.getAsDouble() > 0 ? max.getAsDouble() : committed.getAsDouble();
    out.add(OLD_GEN_AFTER_GC, labels, used.getAsDouble());
    out.add(OLD_GEN_AFTER_GC_RATIO, labels, used.getAsDouble() / limit);
  }

  /** Reads every buffer pool; returns the direct pool's memory. */
  private OptionalDouble readBufferPools(MBeanServerConnection server, Snapshot.Builder out)
      throws IOException, JMException {
    OptionalDouble direct = OptionalDouble.empty();
    for (ObjectName name : MBeanValues.query(server, BUFFER_POOL_MBEANS)) {
      MBeanValues pool =
          MBeanValues.read(server, name, List.of("MemoryUsed", "TotalCapacity", "Count"));
      String poolName = name.getKeyProperty("name");
      Labels poolLabels = labels.and("pool", poolName);
      OptionalDouble used = defined(pool.number("MemoryUsed"));
      add(out, BUFFER_USED, poolLabels, used);
      add(out, BUFFER_CAPACITY, poolLabels, defined(pool.number("TotalCapacity")));
      add(out, BUFFERS, poolLabels, defined(pool.number("Count")));
      if ("direct".equals(poolName)) {
        direct = used;
      }
    }
    return direct;
  }

  /** A field (used, committed, max) of a {@code MemoryUsage} attribute. */
  private static OptionalDouble usage(MBeanValues values, String attribute, String field) {
    Optional<CompositeData> usage = values.composite(attribute);
    if (usage.isPresent()
        && usage.get().containsKey(field)
        && usage.get().get(field) instanceof Number n) {
      return defined(OptionalDouble.of(n.doubleValue()));
    }
    return OptionalDouble.empty();
  }

  /** Empty for a negative value: -1 is how {@code java.lang.management} says "undefined". */
  static OptionalDouble defined(OptionalDouble value) {
    return value.isPresent() && value.getAsDouble() < 0 ? OptionalDouble.empty() : value;
  }

  private static void add(Snapshot.Builder out, Metric metric, Labels labels, OptionalDouble v) {
    v.ifPresent(value -> out.add(metric, labels, value));
  }
}
