package io.kshealth.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the human units of config files: durations like {@code 1m30s}, sizes like
 * {@code 64MiB}.
 */
public final class Units {

  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
  private static final long[] DURATION_UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
  private static final String[] DURATION_UNIT_NAMES = {"d", "h", "m", "s", "ms"};

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?B|B)?");
  private static final Map<String, Long> SIZE_UNITS =
      Map.of(
          "B",
          1L,
          "KB",
          1000L,
          "MB",
          1000L * 1000,
          "GB",
          1000L * 1000 * 1000,
          "TB",
          1000L * 1000 * 1000 * 1000,
          "KiB",
          1L << 10,
          "MiB",
          1L << 20,
          "GiB",
          1L << 30,
          "TiB",
          1L << 40);

  /**
   * The longest duration any key accepts: a year. Nothing the agent schedules or keeps needs more,
   * and the bound keeps every sum of a time and a duration far from overflowing ({@code
   * 106751991166d} would otherwise wrap the scheduler's next run to the year -292 million).
   */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  /** The largest size any key accepts: 1 TiB, so sizes times counts cannot overflow. */
  public static final long MAX_SIZE = 1L << 40;

  private Units() {}

  /**
   * Parses a duration written as one or more number-unit pairs from largest to smallest unit
   * ({@code d h m s ms}), as Prometheus does: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code
   * 250ms}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (text.isBlank() || !m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: use numbers with units d, h, m, s, ms, such as 30s, 5m or 1h30m");
    }
    long millis = 0;
    for (int i = 0; i < DURATION_UNIT_MILLIS.length; i++) {
      if (m.group(i + 1) != null) {
        try {
          millis =
              Math.addExact(
                  millis,
                  Math.multiplyExact(Long.parseLong(m.group(i + 1)), DURATION_UNIT_MILLIS[i]));
        } catch (ArithmeticException | NumberFormatException e) {
          millis = Long.MAX_VALUE;
        }
      }
    }
    if (millis > MAX_DURATION.toMillis()) {
      throw new IllegalArgumentException("longer than a year (365d), the longest duration allowed");
    }
    return Duration.ofMillis(millis);
  }

  /** The shortest text that {@link #parseDuration} reads back as the same duration. */
  public static String formatDuration(Duration d) {
    long millis = d.toMillis();
    if (millis == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < DURATION_UNIT_MILLIS.length; i++) {
      long n = millis / DURATION_UNIT_MILLIS[i];
      if (n > 0) {
        sb.append(n).append(DURATION_UNIT_NAMES[i]);
        millis -= n * DURATION_UNIT_MILLIS[i];
      }
    }
    return sb.toString();
  }

  /**
   * Parses a size in bytes: a plain number of bytes, or a number with a unit, binary ({@code KiB
   * MiB GiB TiB}) or decimal ({@code KB MB GB TB}).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a size: use a number of bytes or a number with a unit (KiB, MiB, GiB, TiB, KB, MB,"
              + " GB, TB), such as 64MiB");
    }
    String unit = m.group(2) == null ? "B" : m.group(2);
    long bytes;
    try {
      bytes =
          Math.multiplyExact(
              Long.parseLong(m.group(1)), Objects.requireNonNull(SIZE_UNITS.get(unit)));
    } catch (ArithmeticException | NumberFormatException e) {
      bytes = Long.MAX_VALUE;
    }
    if (bytes > MAX_SIZE) {
      throw new IllegalArgumentException("larger than 1TiB, the largest size allowed");
    }
    return bytes;
  }

  /** Bytes in binary units with one decimal, e.g. {@code 1.4 GiB}; exact bytes below 1 KiB. */
  public static String formatSize(double bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    if (Math.abs(bytes) < 1024) {
      return String.format(Locale.ROOT, "%.0f B", bytes);
    }
    double v = bytes;
    int i = -1;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }
}
