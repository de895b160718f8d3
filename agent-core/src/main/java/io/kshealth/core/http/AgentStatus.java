package io.kshealth.core.http;

import io.kshealth.core.extension.Extension;
import io.kshealth.core.schedule.CollectorStatus;
import java.util.List;
import java.util.Map;

/**
 * What {@code /api/v1/status} and {@code /readyz} report, read at request time.
 *
 * @param readyByMillis when the agent is ready whatever its collectors' first runs do: {@link
 *     #FIRST_RUNS_WAIT_MILLIS} after its process started, or at its start if that came later
 * @param historySeries every series held, live and ended
 * @param historySeriesEnded of those, the series no longer reported, kept for their trend
 */
public record AgentStatus(
    String version,
    long startedMillis,
    long readyByMillis,
    long nowMillis,
    List<CollectorStatus> collectors,
    int historySeries,
    int historySeriesEnded,
    long historyPoints,
    long historySeriesDropped,
    Map<String, Extension> extensions) {

  /**
   * How long after its process started the agent waits for its collectors' first runs before it
   * reports ready anyway: fast collectors (process, node, disk: milliseconds) are then on the first
   * scrape, while a slow first run (a JVM to attach to, brokers to reach) only counts as pending.
   */
  public static final long FIRST_RUNS_WAIT_MILLIS = 1000;

  /**
   * Ready once every enabled collector has finished a run, successfully or not, or at {@code
   * readyByMillis}, whichever comes first.
   */
  public boolean ready() {
    return ready(collectors, readyByMillis, nowMillis);
  }

  static boolean ready(List<CollectorStatus> collectors, long readyByMillis, long nowMillis) {
    return pendingFirstRuns(collectors).isEmpty() || nowMillis >= readyByMillis;
  }

  /** The collectors whose first run has not finished yet. */
  static List<String> pendingFirstRuns(List<CollectorStatus> collectors) {
    return collectors.stream().filter(c -> !c.hasRun()).map(CollectorStatus::name).toList();
  }
}
