package io.kshealth.collectors.support.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of {@code /proc/<pid>/stat} the agent uses. The command name (field 2) may hold spaces
 * and parentheses, so fields are counted from the last {@code ')'}.
 *
 * @param cpuTicks user plus system time, in clock ticks ({@link #TICKS_PER_SECOND})
 * @param startTicks start time after boot, in clock ticks
 */
record ProcStat(long cpuTicks, long startTicks, long virtualBytes) {

  /**
   * USER_HZ: the unit of every tick count in {@code /proc}, fixed at 100 by the kernel's ABI on all
   * architectures Linux runs Java on, whatever the kernel's internal HZ.
   */
  static final double TICKS_PER_SECOND = 100;

  static ProcStat read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  static ProcStat parse(String text) {
    int close = text.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + text);
    }
    // After ")": field 3 (state) is index 0, so field N is index N - 3.
    String[] f = text.substring(close + 2).trim().split(" ");
    long utime = Long.parseLong(f[14 - 3]);
    long stime = Long.parseLong(f[15 - 3]);
    long start = Long.parseLong(f[22 - 3]);
    long vsize = Long.parseLong(f[23 - 3]);
    return new ProcStat(utime + stime, start, vsize);
  }
}
