package io.kshealth.core.http.page;

import java.util.Locale;

/**
 * A trend as an inline SVG polyline, scaled to fill its box: time across, the value's own range up
 * (a flat series is drawn across the middle). A dot marks the newest point, so a series of one
 * point still shows.
 */
final class Sparkline {

  static final int WIDTH = 240;
  static final int HEIGHT = 40;
  private static final double PAD = 3;

  private Sparkline() {}

  /**
   * The SVG element, {@code <svg class="spark">}, with one coordinate pair per point; the values
   * are finite, as {@link Trend} keeps them.
   */
  static String svg(long[] times, double[] values, String label) {
    StringBuilder points = new StringBuilder(values.length * 12);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double x = 0;
    double y = 0;
    for (int i = 0; i < values.length; i++) {
      x = x(times, i);
      y =
          max > min
              ? HEIGHT - PAD - (values[i] - min) / (max - min) * (HEIGHT - 2 * PAD)
              : HEIGHT / 2.0;
      points.append(i == 0 ? "" : " ").append(format(x)).append(',').append(format(y));
    }
    return "<svg class=\"spark\" viewBox=\"0 0 "
        + WIDTH
        + ' '
        + HEIGHT
        + "\" width=\""
        + WIDTH
        + "\" height=\""
        + HEIGHT
        + "\" role=\"img\" aria-label=\""
        + Html.escape(label)
        + "\"><polyline points=\""
        + points
        + "\"/>"
        + (values.length == 0
            ? ""
            : "<circle cx=\"" + format(x) + "\" cy=\"" + format(y) + "\" r=\"2.5\"/>")
        + "</svg>";
  }

  private static double x(long[] times, int i) {
    long first = times[0];
    long last = times[times.length - 1];
    if (last == first) {
      return WIDTH - PAD;
    }
    return PAD + (double) (times[i] - first) / (last - first) * (WIDTH - 2 * PAD);
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
