package io.kshealth.core.health;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict on {@code /metrics}, one-hot as Prometheus' state sets are: for each area and {@code
 * overall}, 1 for its level and 0 for the others, so that a fleet dashboard can count and a query
 * can select ({@code kshealth_health_status{area="overall",level="critical"} == 1}).
 */
public final class HealthMetrics {

  static final Metric STATUS =
      Metric.gauge(
          "kshealth_health_status",
          "1 for the area's verdict (ok, warning, critical, unknown, not_applicable), 0 for the"
              + " others; area=\"overall\" is the worst area's.");

  private HealthMetrics() {}

  public static List<Sample> samples(HealthVerdict verdict) {
    List<Sample> samples = new ArrayList<>();
    oneHot(samples, "overall", verdict.overall(), verdict.atMillis());
    for (AreaVerdict area : verdict.areas()) {
      oneHot(samples, area.area().label(), area.level(), verdict.atMillis());
    }
    return samples;
  }

  private static void oneHot(List<Sample> samples, String area, Level level, long atMillis) {
    for (Level l : Level.values()) {
      samples.add(
          new Sample(
              STATUS, Labels.of("area", area, "level", l.label()), l == level ? 1 : 0, atMillis));
    }
  }
}
