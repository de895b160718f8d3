package io.kshealth.core.http.page;

import io.kshealth.core.health.HealthVerdict;
import io.kshealth.core.probe.ProbeAnswer;
import io.kshealth.core.schedule.CollectorStatus;
import java.util.List;
import java.util.Optional;

/**
 * Everything the page shows, read once per request, so the renderer is a pure function of it.
 *
 * @param trends one entry per {@link KeySeries#ALL}, in order, empty when it has no data
 */
record PageView(
    HealthVerdict verdict,
    ProbeAnswer ready,
    ProbeAnswer live,
    List<Optional<Trend>> trends,
    String version,
    long startedMillis,
    List<CollectorStatus> collectors) {

  PageView {
    trends = List.copyOf(trends);
    collectors = List.copyOf(collectors);
  }
}
