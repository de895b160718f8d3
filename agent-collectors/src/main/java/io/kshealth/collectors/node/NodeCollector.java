package io.kshealth.collectors.node;

import io.kshealth.api.Collector;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.proc.MemInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the host from {@code /proc}. What the kernel does not provide (pressure files before 4.20,
 * MemAvailable before 3.14) gives no series; a file that is there but cannot be parsed fails the
 * run.
 */
final class NodeCollector implements Collector {

  static final Metric CPU_SECONDS =
      Metric.counter(
          "kshealth_node_cpu_seconds_total", "CPU time spent in each mode, summed over all CPUs.");
  static final Metric CPU_UTILISATION =
      Metric.gauge(
          "kshealth_node_cpu_utilisation_ratio",
          "Share of CPU time spent in each mode since the previous run, 0-1.");
  static final Metric CPUS = Metric.gauge("kshealth_node_cpus", "Online CPUs.");
  static final Metric LOAD1 =
      Metric.gauge("kshealth_node_load1", "Run queue length averaged over 1 minute.");
  static final Metric LOAD5 =
      Metric.gauge("kshealth_node_load5", "Run queue length averaged over 5 minutes.");
  static final Metric LOAD15 =
      Metric.gauge("kshealth_node_load15", "Run queue length averaged over 15 minutes.");
  static final Metric STALL_SECONDS =
      Metric.counter(
          "kshealth_node_pressure_stall_seconds_total",
          "Time tasks stalled waiting for a resource: some of them, or all (full).");
  static final Metric STALL_AVG10 =
      Metric.gauge(
          "kshealth_node_pressure_stall_avg10_ratio",
          "Share of the last 10 seconds tasks stalled waiting for a resource, 0-1.");
  static final Metric MEMORY_TOTAL =
      Metric.gauge("kshealth_node_memory_total_bytes", "Usable physical memory (MemTotal).");
  static final Metric MEMORY_AVAILABLE =
      Metric.gauge(
          "kshealth_node_memory_available_bytes",
          "Memory available to new work without swapping (MemAvailable).");
  static final Metric SWAP_TOTAL =
      Metric.gauge("kshealth_node_swap_total_bytes", "Swap space configured.");
  static final Metric SWAP_FREE = Metric.gauge("kshealth_node_swap_free_bytes", "Swap space free.");
  static final Metric FDS_ALLOCATED =
      Metric.gauge("kshealth_node_file_descriptors_allocated", "File handles allocated host-wide.");
  static final Metric FDS_MAX =
      Metric.gauge("kshealth_node_file_descriptors_max", "Host-wide limit on file handles.");

  /** The resources with a pressure file, as named in {@code /proc/pressure}. */
  private static final List<String> RESOURCES = List.of("cpu", "memory", "io");

  private final Path proc;

  /** The last successful run's CPU ticks, the baseline for the next run's utilisation. */
  private @Nullable CpuStat previous;

  NodeCollector(Path proc) {
    this.proc = proc;
  }

  @Override
  public void collect(Snapshot.Builder out) throws IOException {
    // Read every file before adding anything, so that a failed run leaves neither partial
    // samples nor a moved utilisation baseline.
    CpuStat cpu = CpuStat.read(proc.resolve("stat"));
    LoadAverage load = LoadAverage.read(proc.resolve("loadavg"));
    MemInfo memory = MemInfo.read(proc.resolve("meminfo"));
    Optional<FileNr> files = FileNr.read(proc.resolve("sys/fs/file-nr"));
    Map<String, List<Pressure>> pressure = new LinkedHashMap<>();
    for (String resource : RESOURCES) {
      pressure.put(resource, Pressure.read(proc.resolve("pressure").resolve(resource)));
    }

    addCpu(out, cpu);
    out.add(LOAD1, Labels.EMPTY, load.load1());
    out.add(LOAD5, Labels.EMPTY, load.load5());
    out.add(LOAD15, Labels.EMPTY, load.load15());
    pressure.forEach(
        (resource, lines) -> {
          for (Pressure p : lines) {
            Labels labels = Labels.of("resource", resource, "kind", p.kind());
            out.add(STALL_SECONDS, labels, p.totalMicros() / 1e6);
            out.add(STALL_AVG10, labels, p.avg10());
          }
        });
    out.add(MEMORY_TOTAL, Labels.EMPTY, memory.totalBytes());
    memory.availableBytes().ifPresent(b -> out.add(MEMORY_AVAILABLE, Labels.EMPTY, b));
    memory.swapTotalBytes().ifPresent(b -> out.add(SWAP_TOTAL, Labels.EMPTY, b));
    memory.swapFreeBytes().ifPresent(b -> out.add(SWAP_FREE, Labels.EMPTY, b));
    files.ifPresent(
        f -> {
          out.add(FDS_ALLOCATED, Labels.EMPTY, f.allocated());
          out.add(FDS_MAX, Labels.EMPTY, f.max());
        });
    previous = cpu;
  }

  private void addCpu(Snapshot.Builder out, CpuStat cpu) {
    for (CpuMode mode : CpuMode.values()) {
      out.add(CPU_SECONDS, mode.labels, cpu.seconds(mode));
    }
    // Shares over the last interval let rules see iowait and steal without a rate().
    if (previous != null) {
      cpu.sharesSince(previous)
          .ifPresent(
              shares -> shares.forEach((mode, r) -> out.add(CPU_UTILISATION, mode.labels, r)));
    }
    out.add(CPUS, Labels.EMPTY, cpu.cpus());
  }
}
