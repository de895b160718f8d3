package io.kshealth.core.http;

import io.kshealth.core.extension.Extension;
import io.kshealth.core.schedule.CollectorStatus;
import java.util.List;
import java.util.Map;

/**
 * What {@code /api/v1/status} and {@code /readyz} report, read at request time.
 *
 * @param historySeries every series held, live and ended
 * @param historySeriesEnded of those, the series no longer reported, kept for their trend
 */
public record AgentStatus(
    String version,
    long startedMillis,
    long nowMillis,
    List<CollectorStatus> collectors,
    int historySeries,
    int historySeriesEnded,
    long historyPoints,
    long historySeriesDropped,
    Map<String, Extension> extensions) {

  /** Ready once every enabled collector has finished a run, successfully or not. */
  public boolean ready() {
    return collectors.stream().allMatch(CollectorStatus::hasRun);
  }
}
