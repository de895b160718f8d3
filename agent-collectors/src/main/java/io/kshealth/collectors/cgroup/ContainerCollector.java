package io.kshealth.collectors.cgroup;

import io.kshealth.api.Collector;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.cgroup.CgroupCpu;
import io.kshealth.collectors.support.cgroup.CgroupDir;
import io.kshealth.collectors.support.cgroup.CgroupMemory;
import io.kshealth.collectors.support.cgroup.CgroupVersion;
import io.kshealth.collectors.support.cgroup.Cgroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Reads the memory and CPU cgroups of one process. As with {@code kshealth_process_up}, a process
 * that is not there is data ({@code kshealth_container_up} 0), not a failure; a value the kernel
 * does not report is left out, never written as 0.
 */
final class ContainerCollector implements Collector {

  static final Metric UP =
      Metric.gauge("kshealth_container_up", "1 if the watched process exists, 0 if not.");
  static final Metric INFO =
      Metric.gauge(
          "kshealth_container_cgroup_info",
          "Always 1: the cgroup layout and the directories read for memory and CPU.");
  static final Metric MEMORY_LIMIT =
      Metric.gauge(
          "kshealth_container_memory_limit_bytes",
          "Memory limit of the cgroup; absent when unlimited.");
  static final Metric MEMORY_USAGE =
      Metric.gauge(
          "kshealth_container_memory_usage_bytes",
          "Memory charged to the cgroup, page cache included.");
  static final Metric MEMORY_ANON =
      Metric.gauge("kshealth_container_memory_anon_bytes", "Anonymous memory of the cgroup.");
  static final Metric MEMORY_FILE =
      Metric.gauge(
          "kshealth_container_memory_file_bytes", "Page cache charged to the cgroup, reclaimable.");
  static final Metric OOM =
      Metric.counter(
          "kshealth_container_memory_oom_events_total",
          "Times the cgroup ran out of memory at its limit (cgroup v2 only).");
  static final Metric OOM_KILL =
      Metric.counter(
          "kshealth_container_memory_oom_kill_events_total",
          "Processes in the cgroup killed by the OOM killer.");
  static final Metric CPU_QUOTA =
      Metric.gauge(
          "kshealth_container_cpu_quota_cores",
          "CPU quota of the cgroup in CPUs (quota over period); absent when unlimited.");
  static final Metric CPU_USAGE =
      Metric.counter(
          "kshealth_container_cpu_usage_seconds_total", "CPU time used by the cgroup's tasks.");
  static final Metric CPU_PERIODS =
      Metric.counter(
          "kshealth_container_cpu_periods_total",
          "CFS enforcement periods in which the cgroup was runnable.");
  static final Metric CPU_THROTTLED_PERIODS =
      Metric.counter(
          "kshealth_container_cpu_throttled_periods_total",
          "Periods in which the cgroup used up its quota and was stopped.");
  static final Metric CPU_THROTTLED_SECONDS =
      Metric.counter(
          "kshealth_container_cpu_throttled_seconds_total",
          "Time the cgroup's threads spent stopped by the CPU quota.");

  private final ContainerSettings settings;
  private final String name;
  private final Labels labels;
  private final long selfPid = ProcessHandle.current().pid();
  private OptionalLong pid = OptionalLong.empty();
  private volatile @Nullable String target;

  ContainerCollector(ContainerSettings settings, String name) {
    this.settings = settings;
    this.name = name;
    this.labels = Labels.of("container", name);
  }

  @Override
  public void collect(Snapshot.Builder out) throws IOException {
    pid = settings.selector().resolve(settings.proc(), selfPid, pid);
    if (pid.isEmpty()) {
      down(out);
      return;
    }
    Cgroups cgroups;
    try {
      cgroups = Cgroups.of(settings.proc(), settings.root(), pid.getAsLong());
    } catch (NoSuchFileException e) {
      if (Files.isDirectory(settings.proc().resolve(Long.toString(pid.getAsLong())))) {
        throw e;
      }
      // It exited since it was found.
      pid = OptionalLong.empty();
      down(out);
      return;
    }
    out.add(UP, labels, 1);
    cgroups.version().ifPresent(v -> out.add(INFO, info(v, cgroups), 1));
    Optional<CgroupMemory> memory = cgroups.readMemory();
    if (memory.isPresent()) {
      CgroupMemory m = memory.get();
      add(out, MEMORY_LIMIT, m.limitBytes());
      add(out, MEMORY_USAGE, m.usageBytes());
      add(out, MEMORY_ANON, m.anonBytes());
      add(out, MEMORY_FILE, m.fileBytes());
      add(out, OOM, m.oomEvents());
      add(out, OOM_KILL, m.oomKillEvents());
    }
    Optional<CgroupCpu> cpu = cgroups.readCpu();
    if (cpu.isPresent()) {
      CgroupCpu c = cpu.get();
      add(out, CPU_QUOTA, c.quotaCores());
      add(out, CPU_USAGE, c.usageSeconds());
      add(out, CPU_PERIODS, c.periods());
      add(out, CPU_THROTTLED_PERIODS, c.throttledPeriods());
      add(out, CPU_THROTTLED_SECONDS, c.throttledSeconds());
    }
    // The status page is where a cgroup that cannot be seen from here gets explained.
    StringBuilder t = new StringBuilder("pid ").append(pid.getAsLong());
    cgroups.problems().forEach(p -> t.append("; ").append(p));
    target = t.toString();
  }

  private Labels info(CgroupVersion version, Cgroups cgroups) {
    return Labels.of(
        "container",
        name,
        "version",
        version.label(),
        "memory",
        cgroups.memory().map(CgroupDir::path).orElse(""),
        "cpu",
        cgroups.cpu().map(CgroupDir::path).orElse(""));
  }

  private void add(Snapshot.Builder out, Metric metric, OptionalLong value) {
    value.ifPresent(v -> out.add(metric, labels, v));
  }

  private void add(Snapshot.Builder out, Metric metric, OptionalDouble value) {
    value.ifPresent(v -> out.add(metric, labels, v));
  }

  private void down(Snapshot.Builder out) {
    target = null;
    out.add(UP, labels, 0);
  }

  @Override
  public Optional<String> target() {
    return Optional.ofNullable(target);
  }
}
