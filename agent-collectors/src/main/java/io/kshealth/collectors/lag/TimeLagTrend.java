package io.kshealth.collectors.lag;

import java.util.List;

/**
 * Whether a partition's time lag rises beyond its jitter over a run of polls: the test behind WARN
 * (docs/lag.md, "Status"). A healthy app's time lag jitters within a band (2–3 s for an
 * exactly-once app at 100 records/s, a commit interval's saw-tooth otherwise) and any few polls of
 * it can happen to climb; an app slower than its input adds a steady share of every second.
 *
 * <p>A least-squares line through the polls must rise by more than {@link #MIN_RATE} of the time
 * the polls span (the app falls behind by at least 3 s a minute), with a slope of at least {@link
 * #MIN_T} standard errors (a trend, not jitter).
 */
final class TimeLagTrend {

  /** One poll's time lag in seconds, at the agent's clock. */
  record Point(long atMillis, double seconds) {}

  static final double MIN_RATE = 0.05;
  static final double MIN_T = 4;

  private TimeLagTrend() {}

  static boolean rising(List<Point> points) {
    int n = points.size();
    if (n < 3) {
      return false;
    }
    long origin = points.get(0).atMillis();
    double meanT = 0;
    double meanS = 0;
    for (Point p : points) {
      meanT += (p.atMillis() - origin) / 1000.0 / n;
      meanS += p.seconds() / n;
    }
    double sxx = 0;
    double sxy = 0;
    for (Point p : points) {
      double dt = (p.atMillis() - origin) / 1000.0 - meanT;
      sxx += dt * dt;
      sxy += dt * (p.seconds() - meanS);
    }
    if (sxx == 0) {
      return false;
    }
    double slope = sxy / sxx;
    double residuals = 0;
    for (Point p : points) {
      double fitted = meanS + slope * ((p.atMillis() - origin) / 1000.0 - meanT);
      residuals += (p.seconds() - fitted) * (p.seconds() - fitted);
    }
    double standardError = Math.sqrt(residuals / (n - 2) / sxx);
    return slope > MIN_RATE && slope > MIN_T * standardError;
  }
}
