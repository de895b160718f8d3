package io.kshealth.collectors.process;

import io.kshealth.api.Collector;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.proc.ProcessReading;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Reads one process from {@code /proc}. A process that is not there (not started yet, exited, no
 * match) is data, not a collector failure: {@code kshealth_process_up} says 0.
 */
final class ProcessCollector implements Collector {

  static final Metric UP =
      Metric.gauge("kshealth_process_up", "1 if the watched process exists, 0 if not.");
  static final Metric CPU =
      Metric.counter(
          "kshealth_process_cpu_seconds_total", "User and system CPU time used by the process.");
  static final Metric RESIDENT =
      Metric.gauge("kshealth_process_resident_memory_bytes", "Resident set size of the process.");
  static final Metric VIRTUAL =
      Metric.gauge("kshealth_process_virtual_memory_bytes", "Virtual memory size of the process.");
  static final Metric THREADS =
      Metric.gauge(
          "kshealth_process_threads", "Threads in the process, JVM-internal ones included.");
  static final Metric OPEN_FDS =
      Metric.gauge("kshealth_process_open_fds", "Open file descriptors of the process.");
  static final Metric MAX_FDS =
      Metric.gauge(
          "kshealth_process_max_fds", "The process's soft limit on open file descriptors.");
  static final Metric START_TIME =
      Metric.gauge(
          "kshealth_process_start_time_seconds",
          "When the process started, in seconds since the epoch.");

  private final ProcessSettings settings;
  private final Labels labels;
  private final long selfPid = ProcessHandle.current().pid();
  private OptionalLong pid = OptionalLong.empty();
  private volatile @Nullable String target;

  ProcessCollector(ProcessSettings settings, String name) {
    this.settings = settings;
    this.labels = Labels.of("process", name);
  }

  @Override
  public void collect(Snapshot.Builder out) throws IOException {
    pid = settings.selector().resolve(settings.procRoot(), selfPid, pid);
    Optional<ProcessReading> reading =
        pid.isEmpty()
            ? Optional.empty()
            : ProcessReading.read(settings.procRoot(), pid.getAsLong());
    if (reading.isEmpty()) {
      // Not there, or it exited since it was found.
      pid = OptionalLong.empty();
      target = null;
      out.add(UP, labels, 0);
      return;
    }
    ProcessReading p = reading.get();
    target = "pid " + pid.getAsLong();
    out.add(UP, labels, 1);
    out.add(CPU, labels, p.cpuSeconds());
    out.add(RESIDENT, labels, p.residentBytes());
    out.add(VIRTUAL, labels, p.virtualBytes());
    out.add(THREADS, labels, p.threads());
    out.add(START_TIME, labels, p.startTimeSeconds());
    // Another process (a restart) ends the old one's series; its CPU counter counts from zero.
    out.sourceStart(Math.round(p.startTimeSeconds() * 1000));
    p.maxFds().ifPresent(max -> out.add(MAX_FDS, labels, max));
    p.openFds().ifPresent(n -> out.add(OPEN_FDS, labels, n));
  }

  @Override
  public Optional<String> target() {
    return Optional.ofNullable(target);
  }
}
