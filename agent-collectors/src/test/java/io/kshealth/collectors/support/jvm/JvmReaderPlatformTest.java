package io.kshealth.collectors.support.jvm;

import static io.kshealth.collectors.support.jmx.SampleValues.values;
import static io.kshealth.collectors.support.jvm.JvmReaderTest.TARGET;
import static io.kshealth.collectors.support.jvm.JvmReaderTest.ratio;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.testing.MutableClock;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The reader against this test's own JVM, compared with its MXBeans read directly. */
class JvmReaderPlatformTest {

  /** Times the runs for the GC time ratio: the test, not the JVM's speed, says how far apart. */
  private final MutableClock clock = new MutableClock();

  private final JvmReader reader = new JvmReader(TARGET, clock);

  @Test
  void readsWhatTheMxBeansSay() throws Exception {
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    MemoryUsage heapBefore = memory.getHeapMemoryUsage();
    MemoryUsage nonHeapBefore = memory.getNonHeapMemoryUsage();

    List<Sample> first = run();
    MemoryUsage heapAfter = memory.getHeapMemoryUsage();
    MemoryUsage nonHeapAfter = memory.getNonHeapMemoryUsage();
    Map<String, Double> jvm = values(first, TARGET);
    assertBetween(
        heapBefore.getCommitted(),
        heapAfter.getCommitted(),
        jvm.get("kshealth_target_jvm_heap_committed_bytes"));
    assertEquals((double) heapAfter.getMax(), jvm.get("kshealth_target_jvm_heap_max_bytes"));
    assertTrue(jvm.get("kshealth_target_jvm_heap_used_bytes") > 0, jvm.toString());
    assertBetween(
        nonHeapBefore.getCommitted(),
        nonHeapAfter.getCommitted(),
        jvm.get("kshealth_target_jvm_nonheap_committed_bytes"));
    assertTrue(jvm.get("kshealth_target_jvm_metaspace_used_bytes") > 0, jvm.toString());
    assertEquals(
        jvm.get("kshealth_target_jvm_heap_committed_bytes"),
        reader.lastMemory().orElseThrow().heapCommittedBytes().getAsDouble());

    // Whether this JVM has had an old collection yet is up to its GC, not the test: either way the
    // reader says what the MXBean says.
    MemoryPoolMXBean old = oldGeneration();
    MemoryUsage afterGc = old.getCollectionUsage();
    Double oldGenAfterGc = jvm.get("kshealth_target_jvm_old_gen_after_gc_bytes");
    if (afterGc.getCommitted() == 0) {
      assertNull(oldGenAfterGc, "no old collection yet: absent, not an empty " + old.getName());
    } else {
      assertEquals((double) afterGc.getUsed(), oldGenAfterGc, old.getName());
    }

    BufferPoolMXBean direct = directPool();
    double directUsed =
        values(first, TARGET.and("pool", "direct"))
            .get("kshealth_target_jvm_buffer_pool_used_bytes");
    assertTrue(directUsed >= buffer.capacity(), "direct " + directUsed);
    assertEquals(directUsed, reader.lastMemory().orElseThrow().directBufferBytes().getAsDouble());
    assertEquals(
        direct.getMemoryUsed(), (long) directUsed, "no direct buffer was allocated meanwhile");

    Set<String> collectors =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.toSet());
    assertEquals(
        collectors,
        first.stream()
            .filter(s -> s.metric().name().equals("kshealth_target_jvm_gc_collections_total"))
            .map(s -> s.labels().get("gc"))
            .collect(Collectors.toSet()));

    // One collection cycle later (15 s on the reader's clock), whatever this JVM's GC did
    // meanwhile.
    clock.advance(Duration.ofSeconds(15));
    Double ratio = ratio(run());
    assertNotNull(ratio, "second run");
    assertTrue(ratio >= 0 && ratio <= 1, "ratio " + ratio);
  }

  private List<Sample> run() throws Exception {
    Snapshot.Builder out = new Snapshot.Builder("test", 0);
    reader.read(ManagementFactory.getPlatformMBeanServer(), List.of(), out);
    return out.build().samples();
  }

  private static MemoryPoolMXBean oldGeneration() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> JvmReader.OLD_GEN_POOLS.contains(p.getName()))
        .findFirst()
        .orElseThrow();
  }

  private static BufferPoolMXBean directPool() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(p -> p.getName().equals("direct"))
        .findFirst()
        .orElseThrow();
  }

  private static void assertBetween(long a, long b, Double actual) {
    assertTrue(
        actual != null && actual >= Math.min(a, b) && actual <= Math.max(a, b),
        actual + " not within " + a + " and " + b);
  }
}
