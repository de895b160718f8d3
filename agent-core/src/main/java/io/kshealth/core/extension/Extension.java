package io.kshealth.core.extension;

import io.kshealth.api.Sample;
import io.kshealth.core.health.AlertReason;
import io.kshealth.core.http.HttpRoute;
import io.kshealth.core.schedule.Deadline;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A running extension, as the agent sees it. The HTTP handlers call {@link #samples()}, {@link
 * #status()} and {@link #reload()}: none of them may wait for the extension's own work.
 *
 * <p>Internal: how the agent's own alerting plugs in, not a plug-in API (its context hands over the
 * history store and the data dir). Third-party jars extend the agent through {@code
 * io.kshealth.api} and {@code io.kshealth.alerts.api}.
 */
public interface Extension {

  /** Samples for {@code /metrics}, read at scrape time. */
  Collection<Sample> samples();

  /**
   * Extra HTTP endpoints by exact path, such as {@code /api/v1/alerts}; a path ending in {@code
   * /*}, such as {@code /api/v1/alerts/*}, answers every path under it that no exact path takes.
   * They run on the server's bounded pool for endpoints, never on the threads that answer probes,
   * behind the HTTP auth when configured.
   */
  Map<String, HttpRoute> routes();

  /**
   * Its section of {@code /api/v1/status}, as a tree of plain values that the agent writes as JSON:
   * maps with text keys (written in their iteration order), lists, text, numbers, booleans and
   * nulls; any other value is written as its {@code toString()}.
   */
  Map<String, @Nullable Object> status();

  /**
   * Its pending and firing alerts, which the health verdict cites and grades by; none for an
   * extension that raises no alerts.
   */
  default List<AlertReason> activeAlerts() {
    return List.of();
  }

  /** Re-reads what it can change at run time (SIGHUP, {@code POST /-/reload}). */
  ReloadOutcome reload();

  /**
   * Stops it, keeping what it must keep across restarts, by {@code deadline}: the agent's whole
   * shutdown has one time limit, and work still running then is abandoned.
   */
  void close(Deadline deadline);

  /** How a reload went, in words for the caller. */
  record ReloadOutcome(boolean ok, String message) {}
}
