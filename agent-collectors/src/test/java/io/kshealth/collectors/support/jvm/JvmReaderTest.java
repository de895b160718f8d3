package io.kshealth.collectors.support.jvm;

import static io.kshealth.collectors.support.jmx.SampleValues.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.CountingConnection;
import io.kshealth.collectors.support.jmx.FakeMBean;
import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader against fakes of the reference dump's JVM MBeans (JDK 17, G1), plus the memory pools
 * the dump leaves out, named and valued as a JDK 17 G1 JVM showed them.
 */
class JvmReaderTest {

  static final Labels TARGET = Labels.of("target", "app");
  private static final Labels YOUNG = TARGET.and("gc", "G1 Young Generation");
  private static final Labels OLD = TARGET.and("gc", "G1 Old Generation");
  private static final Labels DIRECT = TARGET.and("pool", "direct");
  private static final String OLD_GEN_POOL = "java.lang:type=MemoryPool,name=G1 Old Gen";

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final CountingConnection jmx = new CountingConnection(server);
  private final MutableClock clock = new MutableClock();
  private final JvmReader reader = new JvmReader(TARGET, clock);
  private FakeMBean oldGen;
  private FakeMBean young;

  @BeforeEach
  void registerDumpedJvm() throws Exception {
    FakeMBean.register(
        server,
        "java.lang:type=Memory",
        "HeapMemoryUsage",
        usage(396361728, 155899936, 347078656, 536870912),
        "NonHeapMemoryUsage",
        usage(7667712, 47690480, 52035584, -1),
        "Verbose",
        false);
    young = gc(server, "G1 Young Generation", 23, 479);
    gc(server, "G1 Old Generation", 0, 0);
    // As on JDK 17 before any mixed or full collection: see JvmReader.readOldGen.
    oldGen =
        FakeMBean.register(
            server,
            OLD_GEN_POOL,
            "CollectionUsage",
            usage(254803968, 0, 0, 268435456),
            "Usage",
            usage(254803968, 68079616, 158334976, 268435456));
    FakeMBean.register(
        server,
        "java.lang:type=MemoryPool,name=G1 Eden Space",
        "CollectionUsage",
        usage(13631488, 0, 109051904, -1));
    FakeMBean.register(
        server,
        "java.lang:type=MemoryPool,name=CodeHeap 'profiled nmethods'",
        "Usage",
        usage(2555904, 244736, 2555904, 122912768));
    FakeMBean.register(
        server,
        "java.lang:type=MemoryPool,name=Metaspace",
        "Usage",
        usage(0, 40000000, 41000000, -1));
    buffers("direct", 45, 8189153, 8189153);
    buffers("mapped - 'non-volatile memory'", 0, 0, 0);
    buffers("mapped", 0, 0, 0);
  }

  @Test
  void readsTheDumpedJvm() throws Exception {
    assertEquals(Optional.empty(), reader.lastMemory());
    List<Sample> samples = run(jmx.connection());

    assertEquals(
        Map.of(
            "kshealth_target_jvm_heap_used_bytes", 155899936.0,
            "kshealth_target_jvm_heap_committed_bytes", 347078656.0,
            "kshealth_target_jvm_heap_max_bytes", 536870912.0,
            "kshealth_target_jvm_nonheap_used_bytes", 47690480.0,
            "kshealth_target_jvm_nonheap_committed_bytes", 52035584.0,
            "kshealth_target_jvm_metaspace_used_bytes", 40000000.0,
            "kshealth_target_jvm_metaspace_committed_bytes", 41000000.0),
        values(samples, TARGET));
    assertEquals(
        Map.of(
            "kshealth_target_jvm_gc_collections_total", 23.0,
            "kshealth_target_jvm_gc_seconds_total", 0.479),
        values(samples, YOUNG));
    assertEquals(
        Map.of(
            "kshealth_target_jvm_gc_collections_total", 0.0,
            "kshealth_target_jvm_gc_seconds_total", 0.0),
        values(samples, OLD));
    assertEquals(
        Map.of(
            "kshealth_target_jvm_buffer_pool_used_bytes", 8189153.0,
            "kshealth_target_jvm_buffer_pool_capacity_bytes", 8189153.0,
            "kshealth_target_jvm_buffer_pool_buffers", 45.0),
        values(samples, DIRECT));
    assertEquals(3, values(samples, TARGET.and("pool", "mapped - 'non-volatile memory'")).size());
    assertEquals(
        Optional.of(
            new JvmMemory(
                OptionalDouble.of(347078656),
                OptionalDouble.of(52035584),
                OptionalDouble.of(8189153))),
        reader.lastMemory());
  }

  @Test
  void oneQueryPerMBeanTypeAndOneReadPerMBeanReadingOnlyTwoPools() throws Exception {
    run(jmx.connection());
    assertEquals(
        List.of(
            "java.lang:type=MemoryPool,*",
            "java.lang:type=GarbageCollector,*",
            "java.nio:type=BufferPool,*"),
        jmx.queries());
    List<Object> reads = jmx.targets("getAttributes");
    // Memory, the old generation and metaspace, two collectors, three buffer pools.
    assertEquals(8, reads.size(), reads.toString());
    assertEquals(8, reads.stream().distinct().count());
    assertTrue(reads.contains(MBeanValues.objectName(OLD_GEN_POOL)));
    assertTrue(reads.contains(MBeanValues.objectName("java.lang:type=MemoryPool,name=Metaspace")));
    assertEquals(3 + 8, jmx.calls().size(), jmx.calls().toString());
  }

  @Test
  void oldGenerationOnlyOnceACollectionCoveredIt() throws Exception {
    Map<String, Double> before = values(run(jmx.connection()), TARGET);
    assertFalse(
        before.containsKey("kshealth_target_jvm_old_gen_after_gc_bytes"), before.toString());
    assertFalse(
        before.containsKey("kshealth_target_jvm_old_gen_after_gc_ratio"), before.toString());

    oldGen.set("CollectionUsage", usage(254803968, 64222608, 138412032, 268435456));
    Map<String, Double> after = values(run(jmx.connection()), TARGET);
    assertEquals(64222608.0, after.get("kshealth_target_jvm_old_gen_after_gc_bytes"));
    assertEquals(
        64222608.0 / 268435456, after.get("kshealth_target_jvm_old_gen_after_gc_ratio"), 1e-15);

    // Without a maximum, the committed size at that collection is the limit.
    oldGen.set("CollectionUsage", usage(254803968, 64222608, 138412032, -1));
    assertEquals(
        64222608.0 / 138412032,
        values(run(jmx.connection()), TARGET).get("kshealth_target_jvm_old_gen_after_gc_ratio"),
        1e-15);
  }

  @Test
  void gcTimeRatioFromTheClockBetweenRuns() throws Exception {
    assertNull(ratio(run(jmx.connection())), "no previous run");

    clock.advance(Duration.ofSeconds(10));
    young.set("CollectionCount", 30L).set("CollectionTime", 979L);
    assertEquals(0.05, ratio(run(jmx.connection())), 1e-12);

    // A restarted target: its counters start again below ours.
    clock.advance(Duration.ofSeconds(10));
    young.set("CollectionCount", 2L).set("CollectionTime", 30L);
    assertNull(ratio(run(jmx.connection())), "counters went backwards");

    clock.advance(Duration.ofSeconds(10));
    young.set("CollectionCount", 4L).set("CollectionTime", 130L);
    assertEquals(0.01, ratio(run(jmx.connection())), 1e-12);

    assertNull(ratio(run(jmx.connection())), "no time passed");
  }

  @Test
  void concurrentCyclesAreNotPauses() throws Exception {
    MBeanServer zgc = MBeanServerFactory.newMBeanServer();
    FakeMBean cycles = gc(zgc, "ZGC Cycles", 5, 28);
    FakeMBean pauses = gc(zgc, "ZGC Pauses", 15, 0);
    FakeMBean.register(
        zgc,
        "java.lang:type=MemoryPool,name=ZHeap",
        "CollectionUsage",
        usage(8388608, 83886080, 268435456, 268435456));
    run(zgc);

    clock.advance(Duration.ofSeconds(10));
    cycles.set("CollectionCount", 8L).set("CollectionTime", 3028L);
    pauses.set("CollectionCount", 24L).set("CollectionTime", 20L);
    List<Sample> samples = run(zgc);
    assertEquals(0.002, ratio(samples), 1e-12);
    assertEquals(
        83886080.0, values(samples, TARGET).get("kshealth_target_jvm_old_gen_after_gc_bytes"));
    assertEquals(
        3.028,
        values(samples, TARGET.and("gc", "ZGC Cycles"))
            .get("kshealth_target_jvm_gc_seconds_total"));
  }

  @Test
  void missingMBeansAndUndefinedValuesAreAbsent() throws Exception {
    server.unregisterMBean(MBeanValues.objectName("java.lang:type=Memory"));
    young.set("CollectionTime", -1L);
    List<Sample> samples = run(jmx.connection());

    Map<String, Double> jvm = values(samples, TARGET);
    assertFalse(jvm.keySet().stream().anyMatch(m -> m.contains("heap")), jvm.toString());
    assertEquals(Map.of("kshealth_target_jvm_gc_collections_total", 23.0), values(samples, YOUNG));
    assertEquals(
        Optional.of(
            new JvmMemory(
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(8189153))),
        reader.lastMemory());

    FakeMBean.register(server, "java.lang:type=Memory", "HeapMemoryUsage", usage(0, 1, 2, -1));
    assertNull(values(run(jmx.connection()), TARGET).get("kshealth_target_jvm_heap_max_bytes"));
  }

  private List<Sample> run(MBeanServerConnection connection) throws IOException, JMException {
    Snapshot.Builder out = new Snapshot.Builder("test", 0);
    reader.read(connection, List.of(), out);
    return out.build().samples();
  }

  private static FakeMBean gc(MBeanServer server, String name, long count, long timeMillis)
      throws JMException {
    return FakeMBean.register(
        server,
        "java.lang:type=GarbageCollector,name=" + name,
        "CollectionCount",
        count,
        "CollectionTime",
        timeMillis,
        "Valid",
        true);
  }

  private void buffers(String name, long count, long capacity, long used) throws JMException {
    FakeMBean.register(
        server,
        "java.nio:type=BufferPool,name=" + name,
        "Count",
        count,
        "TotalCapacity",
        capacity,
        "MemoryUsed",
        used);
  }

  /** A {@code MemoryUsage} as the platform's MXBeans hand it over JMX. */
  static CompositeData usage(long init, long used, long committed, long max)
      throws OpenDataException {
    String[] items = {"committed", "init", "max", "used"};
    OpenType<?>[] types = {SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG};
    CompositeType type =
        new CompositeType(MemoryUsage.class.getName(), "memory usage", items, items, types);
    return new CompositeDataSupport(type, items, new Object[] {committed, init, max, used});
  }

  static Double ratio(List<Sample> samples) {
    return values(samples, TARGET).get("kshealth_target_jvm_gc_time_ratio");
  }
}
