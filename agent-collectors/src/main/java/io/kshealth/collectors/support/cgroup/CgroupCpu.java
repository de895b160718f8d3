package io.kshealth.collectors.support.cgroup;

import io.kshealth.collectors.support.cgroup.CgroupFiles.Keyed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the CPU cgroup controllers report. Each value is empty when this kernel or layout does not
 * report it.
 *
 * @param quotaCores the CFS quota over its period: how many CPUs' worth of time the cgroup may use;
 *     empty when unlimited
 * @param periods enforcement periods in which the cgroup was runnable
 * @param throttledPeriods of those, periods in which it used up its quota and was stopped
 * @param throttledSeconds total time its threads spent stopped by the quota
 * @param usageSeconds CPU time used by the cgroup's tasks
 */
public record CgroupCpu(
    OptionalDouble quotaCores,
    OptionalLong periods,
    OptionalLong throttledPeriods,
    OptionalDouble throttledSeconds,
    OptionalDouble usageSeconds) {

  private static final double MICROS = 1e6;
  private static final double NANOS = 1e9;

  /**
   * @param cpu the cpu controller's directory
   * @param cpuacct on v1, the usage counter's directory (often the same as cpu's)
   */
  static CgroupCpu read(Optional<CgroupDir> cpu, Optional<CgroupDir> cpuacct) throws IOException {
    if (cpu.isPresent() && cpu.get().v2()) {
      return v2(cpu.get().files());
    }
    OptionalDouble usage = OptionalDouble.empty();
    if (cpuacct.isPresent()) {
      usage = scale(CgroupFiles.number(cpuacct.get().files().resolve("cpuacct.usage")), NANOS);
    }
    if (cpu.isEmpty()) {
      OptionalLong none = OptionalLong.empty();
      return new CgroupCpu(OptionalDouble.empty(), none, none, OptionalDouble.empty(), usage);
    }
    Path dir = cpu.get().files();
    Keyed stat = CgroupFiles.keyed(dir.resolve("cpu.stat"));
    return new CgroupCpu(
        v1Quota(dir),
        stat.get("nr_periods"),
        stat.get("nr_throttled"),
        scale(stat.get("throttled_time"), NANOS),
        usage);
  }

  private static CgroupCpu v2(Path dir) throws IOException {
    Keyed stat = CgroupFiles.keyed(dir.resolve("cpu.stat"));
    return new CgroupCpu(
        v2Quota(dir.resolve("cpu.max")),
        stat.get("nr_periods"),
        stat.get("nr_throttled"),
        scale(stat.get("throttled_usec"), MICROS),
        scale(stat.get("usage_usec"), MICROS));
  }

  /** {@code cpu.max} holds the quota, or {@code max}, then the period, both in microseconds. */
  private static OptionalDouble v2Quota(Path file) throws IOException {
    Optional<String> text = CgroupFiles.value(file);
    if (text.isEmpty()) {
      return OptionalDouble.empty();
    }
    String[] f = text.get().split(" ");
    if (f.length != 2) {
      throw new IOException(file + ": expected '<quota|max> <period>', got '" + text.get() + "'");
    }
    long period = period(file.toString(), f[1]);
    return f[0].equals("max")
        ? OptionalDouble.empty()
        : OptionalDouble.of(CgroupFiles.parse(file.toString(), f[0]) / (double) period);
  }

  /** v1 splits quota and period over two files; a quota of -1 means none. */
  private static OptionalDouble v1Quota(Path dir) throws IOException {
    Path quotaFile = dir.resolve("cpu.cfs_quota_us");
    Optional<String> quota = CgroupFiles.value(quotaFile);
    Path periodFile = dir.resolve("cpu.cfs_period_us");
    Optional<String> period = CgroupFiles.value(periodFile);
    if (quota.isEmpty() || quota.get().equals("-1") || period.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(
        CgroupFiles.parse(quotaFile.toString(), quota.get())
            / (double) period(periodFile.toString(), period.get()));
  }

  private static long period(String where, String text) throws IOException {
    long period = CgroupFiles.parse(where, text);
    if (period == 0) {
      throw new IOException(where + ": the period is 0");
    }
    return period;
  }

  private static OptionalDouble scale(OptionalLong n, double perSecond) {
    return n.isPresent() ? OptionalDouble.of(n.getAsLong() / perSecond) : OptionalDouble.empty();
  }
}
