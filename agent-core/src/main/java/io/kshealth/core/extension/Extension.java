package io.kshealth.core.extension;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kshealth.api.Sample;
import io.kshealth.core.http.HttpRoute;
import io.kshealth.core.schedule.Deadline;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * A running extension, as the agent sees it. The HTTP handlers call {@link #samples()}, {@link
 * #writeStatus} and {@link #reload()}: none of them may wait for the extension's own work.
 */
public interface Extension {

  /** Samples for {@code /metrics}, read at scrape time. */
  Collection<Sample> samples();

  /**
   * Extra HTTP endpoints by exact path, such as {@code /api/v1/alerts}. They run on the server's
   * bounded pool for endpoints, never on the threads that answer probes.
   */
  Map<String, HttpRoute> routes();

  /** Writes its section of {@code /api/v1/status}: one JSON value (an object). */
  void writeStatus(JsonGenerator json) throws IOException;

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
