package io.kshealth.core.http;

import io.kshealth.core.extension.Extension;
import io.kshealth.core.schedule.CollectorStatus;
import java.util.List;
import java.util.Map;

/** What {@code /api/v1/status} and {@code /readyz} report, read at request time. */
public record AgentStatus(
    String version,
    long startedMillis,
    long nowMillis,
    List<CollectorStatus> collectors,
    int historySeries,
    long historyPoints,
    long historySeriesDropped,
    Map<String, Extension> extensions) {

  /** Ready once every enabled collector has finished a run, successfully or not. */
  public boolean ready() {
    return collectors.stream().allMatch(CollectorStatus::hasRun);
  }
}
