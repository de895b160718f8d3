package io.kshealth.collectors.node;

import io.kshealth.collectors.support.proc.ProcFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CPU lines of {@code /proc/stat}: the host-wide ticks per {@link CpuMode} from the aggregate
 * {@code cpu} line, and the number of per-CPU {@code cpuN} lines (online CPUs).
 */
final class CpuStat {

  /**
   * USER_HZ: the unit of every tick count in {@code /proc}, fixed at 100 by the kernel's ABI on all
   * architectures Linux runs Java on, whatever the kernel's internal HZ.
   */
  static final double TICKS_PER_SECOND = 100;

  private static final Pattern ONE_CPU = Pattern.compile("cpu[0-9]+");
  private static final String EXPECTED =
      "cpu user nice system idle iowait irq softirq steal …, in clock ticks";

  private final long[] ticks;
  private final int cpus;

  private CpuStat(long[] ticks, int cpus) {
    this.ticks = ticks;
    this.cpus = cpus;
  }

  static CpuStat read(Path file) throws IOException {
    List<String> lines = ProcFile.lines(file);
    long[] ticks = null;
    int cpus = 0;
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).trim().split("\\s+");
      if (fields[0].equals("cpu")) {
        ticks = ticks(fields, file, i + 1, lines.get(i));
      } else if (ONE_CPU.matcher(fields[0]).matches()) {
        cpus++;
      }
    }
    if (ticks == null) {
      throw ProcFile.malformed(file, "no aggregate 'cpu' line");
    }
    // The kernel prints a line for every online CPU; none means the file was cut short.
    if (cpus == 0) {
      throw ProcFile.malformed(file, "no per-CPU 'cpuN' lines");
    }
    return new CpuStat(ticks, cpus);
  }

  private static long[] ticks(String[] fields, Path file, int lineNumber, String line)
      throws IOException {
    CpuMode[] modes = CpuMode.values();
    if (fields.length < 1 + modes.length) {
      throw ProcFile.malformed(file, lineNumber, EXPECTED, line);
    }
    long[] ticks = new long[modes.length];
    try {
      for (int m = 0; m < modes.length; m++) {
        ticks[m] = Long.parseLong(fields[1 + m]);
        if (ticks[m] < 0) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      throw ProcFile.malformed(file, lineNumber, EXPECTED, line);
    }
    return ticks;
  }

  /** Host-wide time spent in the mode since boot, summed over all CPUs. */
  double seconds(CpuMode mode) {
    return ticks[mode.ordinal()] / TICKS_PER_SECOND;
  }

  int cpus() {
    return cpus;
  }

  /**
   * Each mode's share of the ticks that passed since {@code earlier}; empty when none passed (two
   * runs within one tick), as there is then no share to speak of.
   */
  Optional<Map<CpuMode, Double>> sharesSince(CpuStat earlier) {
    long[] delta = new long[ticks.length];
    long total = 0;
    for (int m = 0; m < ticks.length; m++) {
      // A counter can step back: iowait on tickless kernels, or every mode when a CPU goes
      // offline. Counting such a step as zero keeps each share between 0 and 1.
      delta[m] = Math.max(0, ticks[m] - earlier.ticks[m]);
      total += delta[m];
    }
    if (total == 0) {
      return Optional.empty();
    }
    Map<CpuMode, Double> shares = new EnumMap<>(CpuMode.class);
    for (CpuMode mode : CpuMode.values()) {
      shares.put(mode, (double) delta[mode.ordinal()] / total);
    }
    return Optional.of(shares);
  }
}
