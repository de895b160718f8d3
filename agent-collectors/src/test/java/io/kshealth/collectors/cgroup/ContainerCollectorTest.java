package io.kshealth.collectors.cgroup;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.collectors.support.proc.ProcessSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The collector end to end on whole trees: one copied from a real hybrid host, the others built
 * from the kernel's documentation (see FIXTURES.md), and the real {@code /proc} of this machine.
 */
class ContainerCollectorTest {

  private static final Path FIXTURES = Path.of("src/test/resources/ContainerCollectorTest");

  private static ContainerCollector collector(String tree, ProcessSelector selector) {
    Path root = FIXTURES.resolve(tree);
    return new ContainerCollector(
        new ContainerSettings(selector, root.resolve("proc"), root), "app");
  }

  private static List<Sample> run(ContainerCollector collector) throws IOException {
    Snapshot.Builder out = new Snapshot.Builder("test", 0);
    collector.collect(out);
    return out.build().samples();
  }

  /** Every sample but the info one, which has its own labels, by name. */
  private static Map<String, Double> values(List<Sample> samples) {
    samples.stream()
        .filter(s -> s.metric() != ContainerCollector.INFO)
        .forEach(s -> assertEquals(Labels.of("container", "app"), s.labels(), s.toString()));
    return samples.stream()
        .filter(s -> s.metric() != ContainerCollector.INFO)
        .collect(Collectors.toMap(s -> s.metric().name(), Sample::value));
  }

  private static Labels info(List<Sample> samples) {
    List<Sample> info =
        samples.stream().filter(s -> s.metric() == ContainerCollector.INFO).toList();
    assertEquals(1, info.size(), samples.toString());
    assertEquals(1.0, info.get(0).value());
    return info.get(0).labels();
  }

  private static Labels info(String version, String memory, String cpu) {
    return Labels.of("container", "app", "version", version, "memory", memory, "cpu", cpu);
  }

  @Test
  void hybridHostCopiedFromThisMachine() throws IOException {
    List<Sample> s = run(collector("hybrid-captured", ProcessSelector.pid(12176)));
    assertEquals(
        info(
            "hybrid",
            "/sys/fs/cgroup/memory/process_api/96861cd48ef0dc0ed80a895f34747203",
            "/sys/fs/cgroup/cpu"),
        info(s));
    // No limits; v1 counts no OOM events, only kills.
    assertEquals(
        Map.ofEntries(
            entry("kshealth_container_up", 1.0),
            entry("kshealth_container_memory_usage_bytes", 7741440.0),
            entry("kshealth_container_memory_anon_bytes", 2093056.0),
            entry("kshealth_container_memory_file_bytes", 3452928.0),
            entry("kshealth_container_memory_oom_kill_events_total", 0.0),
            entry("kshealth_container_cpu_usage_seconds_total", 2872.293218098),
            entry("kshealth_container_cpu_periods_total", 0.0),
            entry("kshealth_container_cpu_throttled_periods_total", 0.0),
            entry("kshealth_container_cpu_throttled_seconds_total", 0.0)),
        values(s));
  }

  @Test
  void v2WithLimits() throws IOException {
    List<Sample> s = run(collector("v2-limited", ProcessSelector.pid(4242)));
    String dir =
        "/sys/fs/cgroup/kubepods/burstable/pod5d4c1e0a-6b1f-4c3e-9a57-2f0e8d1c7b3a/"
            + "3f2a9c1e5b7d4a8f0e6c2b1d9a7f5e3c1b0d8f6a4e2c0b9d7f5e3a1c8b6d4f2e";
    assertEquals(info("v2", dir, dir), info(s));
    assertEquals(
        Map.ofEntries(
            entry("kshealth_container_up", 1.0),
            entry("kshealth_container_memory_limit_bytes", 1073741824.0),
            entry("kshealth_container_memory_usage_bytes", 725352448.0),
            entry("kshealth_container_memory_anon_bytes", 612368384.0),
            entry("kshealth_container_memory_file_bytes", 98304000.0),
            entry("kshealth_container_memory_oom_events_total", 3.0),
            entry("kshealth_container_memory_oom_kill_events_total", 2.0),
            entry("kshealth_container_cpu_quota_cores", 1.5),
            entry("kshealth_container_cpu_usage_seconds_total", 8123.456789),
            entry("kshealth_container_cpu_periods_total", 412345.0),
            entry("kshealth_container_cpu_throttled_periods_total", 2345.0),
            entry("kshealth_container_cpu_throttled_seconds_total", 98.765432)),
        values(s));
  }

  @Test
  void v2WithoutLimitsSeenFromInsideTheContainer() throws IOException {
    List<Sample> s = run(collector("v2-unlimited", ProcessSelector.pid(1)));
    assertEquals(info("v2", "/sys/fs/cgroup", "/sys/fs/cgroup"), info(s));
    assertEquals(
        Map.ofEntries(
            entry("kshealth_container_up", 1.0),
            entry("kshealth_container_memory_usage_bytes", 266338304.0),
            entry("kshealth_container_memory_anon_bytes", 201326592.0),
            entry("kshealth_container_memory_file_bytes", 50331648.0),
            entry("kshealth_container_memory_oom_events_total", 0.0),
            entry("kshealth_container_memory_oom_kill_events_total", 0.0),
            entry("kshealth_container_cpu_usage_seconds_total", 512.345678),
            entry("kshealth_container_cpu_periods_total", 0.0),
            entry("kshealth_container_cpu_throttled_periods_total", 0.0),
            entry("kshealth_container_cpu_throttled_seconds_total", 0.0)),
        values(s));
  }

  @Test
  void v1WithLimitsSeenFromInsideTheContainer() throws IOException {
    List<Sample> s = run(collector("v1-limited", ProcessSelector.pid(1)));
    assertEquals(info("v1", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/cpu,cpuacct"), info(s));
    assertEquals(
        Map.ofEntries(
            entry("kshealth_container_up", 1.0),
            entry("kshealth_container_memory_limit_bytes", 2147483648.0),
            entry("kshealth_container_memory_usage_bytes", 1510731776.0),
            entry("kshealth_container_memory_anon_bytes", 1073741824.0),
            entry("kshealth_container_memory_file_bytes", 367001600.0),
            entry("kshealth_container_memory_oom_kill_events_total", 1.0),
            entry("kshealth_container_cpu_quota_cores", 2.0),
            entry("kshealth_container_cpu_usage_seconds_total", 4567.890123456),
            entry("kshealth_container_cpu_periods_total", 98765.0),
            entry("kshealth_container_cpu_throttled_periods_total", 4321.0),
            entry("kshealth_container_cpu_throttled_seconds_total", 123.456789012)),
        values(s));
  }

  @Test
  void v1WithoutLimitsOnAnOldKernel() throws IOException {
    List<Sample> s = run(collector("v1-unlimited", ProcessSelector.pid(31337)));
    assertEquals(
        info(
            "v1",
            "/sys/fs/cgroup/memory/system.slice/kafka-streams.service",
            "/sys/fs/cgroup/cpu,cpuacct/system.slice/kafka-streams.service"),
        info(s));
    // Linux 3.10 writes no oom_kill line: absent, not 0.
    assertEquals(
        Map.ofEntries(
            entry("kshealth_container_up", 1.0),
            entry("kshealth_container_memory_usage_bytes", 891289600.0),
            entry("kshealth_container_memory_anon_bytes", 675282944.0),
            entry("kshealth_container_memory_file_bytes", 209715200.0),
            entry("kshealth_container_cpu_usage_seconds_total", 987.654321),
            entry("kshealth_container_cpu_periods_total", 0.0),
            entry("kshealth_container_cpu_throttled_periods_total", 0.0),
            entry("kshealth_container_cpu_throttled_seconds_total", 0.0)),
        values(s));
  }

  @Test
  void aCgroupOutsideTheMountIsReportedNotRead() throws IOException {
    ContainerCollector c = collector("not-visible", ProcessSelector.pid(77));
    List<Sample> s = run(c);
    assertEquals(info("v2", "", ""), info(s));
    assertEquals(Map.of("kshealth_container_up", 1.0), values(s));
    String why =
        ": cgroup /kubepods/burstable/pod-a/c1 is not visible: outside the root"
            + " /kubepods/burstable/pod-b/c2 of the mount at /sys/fs/cgroup";
    assertEquals("pid 77; memory" + why + "; cpu" + why, c.target().orElseThrow());
  }

  @Test
  void findsTheProcessByCommandLine() throws IOException {
    ContainerCollector c =
        collector("v2-limited", ProcessSelector.matching(Pattern.compile("streams-app\\.jar")));
    assertEquals(1.0, values(run(c)).get("kshealth_container_up"));
    assertEquals("pid 4242", c.target().orElseThrow());
  }

  @Test
  void aProcessThatIsNotThereIsDown() throws IOException {
    ContainerCollector c = collector("v2-limited", ProcessSelector.pid(999));
    assertEquals(Map.of("kshealth_container_up", 0.0), values(run(c)));
    assertTrue(c.target().isEmpty());
  }

  @Test
  void readsThisMachine() throws IOException {
    ContainerCollector self =
        new ContainerCollector(
            new ContainerSettings(ProcessSelector.self(), Cgroups.PROC, Cgroups.ROOT), "app");
    List<Sample> s = run(self);
    Map<String, Double> m = values(s);
    assertEquals(1.0, m.get("kshealth_container_up"));
    assertTrue(m.get("kshealth_container_memory_usage_bytes") > 0, m.toString());
    assertTrue(m.get("kshealth_container_cpu_usage_seconds_total") > 0, m.toString());
    // This machine's memory cgroup has no limit, so the limit is absent here; elsewhere, positive.
    assertTrue(m.getOrDefault("kshealth_container_memory_limit_bytes", 1.0) > 0, m.toString());
    Labels info = info(s);
    assertTrue(info.get("memory").startsWith("/sys/fs/cgroup/"), info.toString());
    // A host with the v2 tree at .../unified next to v1 controllers is hybrid, as this one is.
    Set<String> expected =
        Files.isDirectory(Path.of("/sys/fs/cgroup/unified"))
            ? Set.of("hybrid")
            : Set.of("v1", "v2");
    assertTrue(expected.contains(info.get("version")), info.toString());
    assertEquals("pid " + ProcessHandle.current().pid(), self.target().orElseThrow());
  }
}
