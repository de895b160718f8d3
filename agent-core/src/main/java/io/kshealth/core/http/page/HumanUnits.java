package io.kshealth.core.http.page;

import java.util.Locale;

/**
 * Numbers in base units written for a person: bytes in KiB/MiB/GiB, seconds as {@code 2h 05m},
 * ratios as percentages. The unit is told by the metric's or the fact's name suffix, as the
 * Prometheus conventions name them.
 */
final class HumanUnits {

  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private HumanUnits() {}

  /**
   * The value formatted by the unit its name ends with ({@code _bytes}, {@code _seconds}...) or
   * names first or amid ({@code seconds_to_full}, {@code poll_interval_ratio_max}).
   */
  static String byName(String name, double value) {
    if (!Double.isFinite(value)) {
      return Double.isNaN(value) ? "NaN" : (value > 0 ? "+Inf" : "-Inf");
    }
    if (name.endsWith("_bytes")) {
      return bytes(value);
    }
    if (name.endsWith("_bytes_per_second")) {
      return bytes(value) + "/s";
    }
    if (name.endsWith("_seconds") || name.startsWith("seconds_") || name.contains("_seconds_")) {
      return seconds(value);
    }
    if (name.endsWith("_ratio") || name.contains("_ratio_")) {
      return String.format(Locale.ROOT, "%.1f%%", value * 100);
    }
    return plain(value);
  }

  static String bytes(double value) {
    double v = Math.abs(value);
    int unit = 0;
    while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    String sign = value < 0 ? "-" : "";
    return unit == 0
        ? sign + (long) v + " B"
        : String.format(Locale.ROOT, "%s%.1f %s", sign, v, BYTE_UNITS[unit]);
  }

  static String seconds(double value) {
    if (Math.abs(value) < 60) {
      return String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.1f s" : "%.0f s", value);
    }
    long s = Math.round(Math.abs(value));
    String sign = value < 0 ? "-" : "";
    if (s < 3600) {
      return String.format(Locale.ROOT, "%s%dm %02ds", sign, s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%s%dh %02dm", sign, s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%s%dd %02dh", sign, s / 86_400, s % 86_400 / 3600);
  }

  /** Whole numbers without a fraction, others with up to three significant decimals. */
  static String plain(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
