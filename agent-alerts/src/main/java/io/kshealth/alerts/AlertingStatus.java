package io.kshealth.alerts;

import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.engine.RuleHealth;
import io.kshealth.alerts.notify.DeliveryStatus;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.core.config.Units;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code alerting} section of {@code /api/v1/status}, as the tree the agent writes as JSON. */
final class AlertingStatus {

  private AlertingStatus() {}

  record View(
      AlertingSettings settings,
      RuleSet rules,
      List<Alert> alerts,
      List<RuleHealth> health,
      List<DeliveryStatus> notifiers,
      long evaluations,
      long lastEvaluationMillis,
      boolean lastReloadOk,
      String lastReloadError) {}

  static Map<String, @Nullable Object> of(View v) {
    Map<String, @Nullable Object> s = new LinkedHashMap<>();
    s.put("evaluation_interval", Units.formatDuration(v.settings().evaluationInterval()));
    s.put("evaluation_delay", Units.formatDuration(v.settings().evaluationDelay()));
    s.put("evaluation_min_gap", Units.formatDuration(v.settings().evaluationMinGap()));
    s.put("evaluation_timeout", Units.formatDuration(v.settings().evaluationTimeout()));
    s.put("rule_files", v.rules().files().stream().map(Path::toString).toList());
    s.put("rules", v.rules().rules().size());
    Map<String, Object> parameters = new LinkedHashMap<>();
    for (var p : v.rules().parameters().entrySet()) {
      Map<String, Object> parameter = new LinkedHashMap<>();
      parameter.put("value", p.getValue().value());
      parameter.put("default", p.getValue().defaultValue());
      parameter.put("configured", p.getValue().configured());
      parameters.put(p.getKey(), parameter);
    }
    s.put("parameters", parameters);
    s.put("last_reload_success", v.lastReloadOk());
    s.put("last_reload_error", text(v.lastReloadError()));
    s.put("evaluations", v.evaluations());
    s.put("last_evaluation", time(v.lastEvaluationMillis()));
    Map<String, Object> alerts = new LinkedHashMap<>();
    alerts.put("pending", count(v.alerts(), AlertState.PENDING));
    alerts.put("firing", count(v.alerts(), AlertState.FIRING));
    alerts.put("resolved", count(v.alerts(), AlertState.INACTIVE));
    s.put("alerts", alerts);
    List<Object> health = new ArrayList<>();
    for (RuleHealth h : v.health()) {
      Map<String, @Nullable Object> rule = new LinkedHashMap<>();
      rule.put("group", h.group());
      rule.put("alert", h.rule());
      rule.put("series", h.series());
      rule.put("unknown_series", h.unknownSeries());
      rule.put("errors", h.errorsTotal());
      rule.put("last_error", text(h.lastError()));
      rule.put("health", h.skipped() ? "skipped" : "ok");
      rule.put("timeouts", h.timeoutsTotal());
      health.add(rule);
    }
    s.put("rule_health", health);
    List<Object> notifiers = new ArrayList<>();
    for (DeliveryStatus n : v.notifiers()) {
      Map<String, @Nullable Object> notifier = new LinkedHashMap<>();
      notifier.put("name", n.name());
      notifier.put("receiver", n.describe());
      notifier.put("queued", n.queued());
      notifier.put("queued_bytes", n.queuedBytes());
      notifier.put("sent", n.sent());
      notifier.put("failed", n.failed());
      notifier.put("dropped_queue_full", n.droppedQueueFull());
      notifier.put("dropped_rejected", n.droppedRejected());
      notifier.put("unqueued_sent_direct", n.unqueuedSent());
      notifier.put("unqueued_dropped", n.unqueuedDropped());
      notifier.put("consecutive_failures", n.consecutiveFailures());
      notifier.put("last_success", time(n.lastSuccessMillis()));
      notifier.put("last_error", text(n.lastError()));
      notifiers.add(notifier);
    }
    s.put("notifiers", notifiers);
    return s;
  }

  /** An error text, null when there is none. */
  private static @Nullable String text(String error) {
    return error.isEmpty() ? null : error;
  }

  /** A time, null when it never happened (0). */
  private static @Nullable String time(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
  }

  private static long count(List<Alert> alerts, AlertState state) {
    return alerts.stream().filter(a -> a.state() == state).count();
  }
}
