package io.kshealth.alerts.expr;

/**
 * Prometheus' template functions {@code humanize}, {@code humanize1024}, {@code humanizeDuration}
 * and {@code humanizePercentage}, printing exactly what they print (Prometheus 2.42,
 * template/template.go), so annotations read the same in kshealth and in the Prometheus twin.
 */
final class Humanize {

  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

  private Humanize() {}

  static String humanize(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return GoFormat.g(v, 4);
    }
    if (Math.abs(v) >= 1) {
      String prefix = "";
      for (String p : BIG) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return GoFormat.g(v, 4) + prefix;
    }
    return small(v);
  }

  static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || !Double.isFinite(v)) {
      return GoFormat.g(v, 4);
    }
    String prefix = "";
    for (String p : BINARY) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return GoFormat.g(v, 4) + prefix;
  }

  static String humanizeDuration(double v) {
    if (!Double.isFinite(v)) {
      return GoFormat.g(v, 4);
    }
    if (v == 0) {
      return GoFormat.g(v, 4) + "s";
    }
    if (Math.abs(v) >= 1) {
      String sign = v < 0 ? "-" : "";
      v = Math.abs(v);
      long duration = (long) v;
      long seconds = duration % 60;
      long minutes = (duration / 60) % 60;
      long hours = (duration / 3600) % 24;
      long days = duration / 86400;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + GoFormat.g(v, 4) + "s";
    }
    return small(v) + "s";
  }

  /** Below 1: milli, micro, nano… until the number is at least 1. */
  private static String small(double v) {
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return GoFormat.g(v, 4) + prefix;
  }

  static String humanizePercentage(double v) {
    return GoFormat.g(v * 100, 4) + "%";
  }
}
