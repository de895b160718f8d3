package io.kshealth.collectors.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on copies of this machine's {@code /proc} files, and once on the real thing. */
class NodeCollectorTest {

  private static final Path FIXTURES = Path.of("src/test/resources/NodeCollectorTest");
  private static final Path HOST = FIXTURES.resolve("host");
  private static final String UTILISATION = "kshealth_node_cpu_utilisation_ratio";
  private static final StandardCopyOption REPLACE = StandardCopyOption.REPLACE_EXISTING;

  private final MutableClock clock = new MutableClock();

  @TempDir Path temp;

  private Collector collector(Path procRoot) {
    return new NodeSettings(procRoot).create(new CollectorContext("host", clock));
  }

  /** One run's samples by series, such as {@code kshealth_node_cpu_seconds_total{mode="user"}}. */
  private SortedMap<String, Double> collect(Collector collector) throws Exception {
    Snapshot.Builder out = new Snapshot.Builder("host", clock.millis());
    collector.collect(out);
    SortedMap<String, Double> samples = new TreeMap<>();
    for (Sample s : out.build().samples()) {
      String series = s.labels().size() == 0 ? s.metric().name() : s.series().toString();
      assertNull(samples.put(series, s.value()), "reported twice: " + series);
      assertEquals(clock.millis(), s.timestampMillis());
    }
    return samples;
  }

  @Test
  void reportsTheFixtureValuesExactly() throws Exception {
    SortedMap<String, Double> expected = new TreeMap<>();
    // cpu  236135 0 38413 929818 3688 0 913 742 0 0, in ticks of 1/100 s
    cpu(expected, "user", 2361.35);
    cpu(expected, "nice", 0);
    cpu(expected, "system", 384.13);
    cpu(expected, "idle", 9298.18);
    cpu(expected, "iowait", 36.88);
    cpu(expected, "irq", 0);
    cpu(expected, "softirq", 9.13);
    cpu(expected, "steal", 7.42);
    expected.put("kshealth_node_cpus", 2.0);
    // 0.45 1.21 1.31 4/112 9202
    expected.put("kshealth_node_load1", 0.45);
    expected.put("kshealth_node_load5", 1.21);
    expected.put("kshealth_node_load15", 1.31);
    // total= in microseconds, avg10= in percent
    pressure(expected, "cpu", "some", 608.207561, 8.31);
    pressure(expected, "cpu", "full", 0, 0);
    pressure(expected, "memory", "some", 0, 0);
    pressure(expected, "memory", "full", 0, 0);
    pressure(expected, "io", "some", 32.861462, 0.03);
    pressure(expected, "io", "full", 26.831004, 0.03);
    // MemTotal: 24684096 kB, MemAvailable: 24117692 kB; this machine has no swap
    expected.put("kshealth_node_memory_total_bytes", 24684096.0 * 1024);
    expected.put("kshealth_node_memory_available_bytes", 24117692.0 * 1024);
    expected.put("kshealth_node_swap_total_bytes", 0.0);
    expected.put("kshealth_node_swap_free_bytes", 0.0);
    // 612	0	2466183
    expected.put("kshealth_node_file_descriptors_allocated", 612.0);
    expected.put("kshealth_node_file_descriptors_max", 2466183.0);

    assertEquals(expected, collect(collector(HOST)));
  }

  @Test
  void utilisationIsEachModesShareOfTheTicksBetweenRuns() throws Exception {
    Path proc = copy(HOST);
    Collector node = collector(proc);
    assertEquals(Map.of(), utilisation(collect(node)), "no previous run to compare with");

    Files.copy(FIXTURES.resolve("stat-later"), proc.resolve("stat"), REPLACE);
    clock.advance(Duration.ofSeconds(3));
    // cpu  236660 0 38441 929855 3690 0 913 742 0 0, after 236135 0 38413 929818 3688 0 913 742:
    // 525 + 0 + 28 + 37 + 2 + 0 + 0 + 0 = 592 ticks passed
    SortedMap<String, Double> expected = new TreeMap<>();
    expected.put(UTILISATION + "{mode=\"user\"}", 525.0 / 592);
    expected.put(UTILISATION + "{mode=\"nice\"}", 0.0);
    expected.put(UTILISATION + "{mode=\"system\"}", 28.0 / 592);
    expected.put(UTILISATION + "{mode=\"idle\"}", 37.0 / 592);
    expected.put(UTILISATION + "{mode=\"iowait\"}", 2.0 / 592);
    expected.put(UTILISATION + "{mode=\"irq\"}", 0.0);
    expected.put(UTILISATION + "{mode=\"softirq\"}", 0.0);
    expected.put(UTILISATION + "{mode=\"steal\"}", 0.0);
    assertEquals(expected, utilisation(collect(node)));

    clock.advance(Duration.ofSeconds(3));
    assertEquals(Map.of(), utilisation(collect(node)), "no tick passed: no share to report");
  }

  @Test
  void noPressureFilesNoPressureSeries() throws Exception {
    SortedMap<String, Double> samples = collect(collector(FIXTURES.resolve("no-pressure")));
    assertEquals(Map.of(), pressureOnly(samples));
    assertEquals(0.45, samples.get("kshealth_node_load1"));
  }

  @Test
  void aCpuPressureFileWithoutFullGivesNoFullSeries() throws Exception {
    SortedMap<String, Double> pressure =
        pressureOnly(collect(collector(FIXTURES.resolve("cpu-pressure-without-full"))));
    assertEquals(10, pressure.size(), pressure.toString());
    assertEquals(
        608.207561,
        pressure.get(
            "kshealth_node_pressure_stall_seconds_total{kind=\"some\", resource=\"cpu\"}"));
    assertNull(
        pressure.get(
            "kshealth_node_pressure_stall_seconds_total{kind=\"full\", resource=\"cpu\"}"));
    assertEquals(
        26.831004,
        pressure.get("kshealth_node_pressure_stall_seconds_total{kind=\"full\", resource=\"io\"}"));
  }

  @Test
  void aTruncatedFileFailsTheRunAndAddsNothing() {
    Path root = FIXTURES.resolve("truncated-io-pressure");
    Snapshot.Builder out = new Snapshot.Builder("host", clock.millis());
    IOException e = assertThrows(IOException.class, () -> collector(root).collect(out));
    assertEquals(
        root.resolve("pressure/io")
            + ": line 2: expected 'some|full avg10=… avg60=… avg300=… total=…', found 'full"
            + " avg10=0.03 avg6'",
        e.getMessage());
    assertEquals(0, out.build().samples().size());
  }

  @Test
  void readsTheRealProcOfThisMachine() throws Exception {
    Collector node = collector(NodeSettings.PROC);
    collect(node);
    // Runs again until the kernel has counted a tick since the first run: then there are shares.
    SortedMap<String, Double> m =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> collect(node), run -> !utilisation(run).isEmpty());

    assertTrue(m.get("kshealth_node_cpus") >= 1, m.toString());
    assertTrue(m.get("kshealth_node_cpu_seconds_total{mode=\"user\"}") > 0, m.toString());
    assertTrue(m.get("kshealth_node_load1") >= 0, m.toString());
    double total = m.get("kshealth_node_memory_total_bytes");
    assertTrue(total > 1 << 20, m.toString());
    assertTrue(m.get("kshealth_node_memory_available_bytes") <= total, m.toString());
    assertTrue(m.get("kshealth_node_swap_free_bytes") <= m.get("kshealth_node_swap_total_bytes"));
    assertTrue(
        m.get("kshealth_node_file_descriptors_allocated")
            <= m.get("kshealth_node_file_descriptors_max"),
        m.toString());
    Map<String, Double> shares = utilisation(m);
    assertEquals(8, shares.size(), shares.toString());
    assertTrue(shares.values().stream().allMatch(r -> r >= 0 && r <= 1), shares.toString());
    assertEquals(1.0, shares.values().stream().mapToDouble(r -> r).sum(), 1e-9);
    pressureOnly(m).forEach((series, v) -> assertTrue(v >= 0, series));
  }

  private Path copy(Path tree) throws IOException {
    Path root = temp.resolve("proc");
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path from : files.toList()) {
        Path to = root.resolve(tree.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    return root;
  }

  private static void cpu(Map<String, Double> m, String mode, double seconds) {
    m.put("kshealth_node_cpu_seconds_total{mode=\"" + mode + "\"}", seconds);
  }

  private static void pressure(
      Map<String, Double> m, String resource, String kind, double seconds, double avg10Percent) {
    String labels = "{kind=\"" + kind + "\", resource=\"" + resource + "\"}";
    m.put("kshealth_node_pressure_stall_seconds_total" + labels, seconds);
    m.put("kshealth_node_pressure_stall_avg10_ratio" + labels, avg10Percent / 100);
  }

  private static SortedMap<String, Double> utilisation(SortedMap<String, Double> samples) {
    return samples.subMap(UTILISATION, UTILISATION + "\uffff");
  }

  private static SortedMap<String, Double> pressureOnly(SortedMap<String, Double> samples) {
    String prefix = "kshealth_node_pressure_";
    return samples.subMap(prefix, prefix + "\uffff");
  }
}
