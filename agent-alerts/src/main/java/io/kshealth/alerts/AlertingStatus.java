package io.kshealth.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.engine.RuleHealth;
import io.kshealth.alerts.notify.DeliveryStatus;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.core.config.Units;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The {@code alerting} section of {@code /api/v1/status}. */
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

  static void write(JsonGenerator g, View v) throws IOException {
    g.writeStartObject();
    g.writeStringField(
        "evaluation_interval", Units.formatDuration(v.settings().evaluationInterval()));
    g.writeStringField("evaluation_delay", Units.formatDuration(v.settings().evaluationDelay()));
    g.writeStringField("evaluation_min_gap", Units.formatDuration(v.settings().evaluationMinGap()));
    g.writeStringField(
        "evaluation_timeout", Units.formatDuration(v.settings().evaluationTimeout()));
    g.writeArrayFieldStart("rule_files");
    for (Path file : v.rules().files()) {
      g.writeString(file.toString());
    }
    g.writeEndArray();
    g.writeNumberField("rules", v.rules().rules().size());
    g.writeObjectFieldStart("parameters");
    for (var p : v.rules().parameters().entrySet()) {
      g.writeObjectFieldStart(p.getKey());
      g.writeStringField("value", p.getValue().value());
      g.writeStringField("default", p.getValue().defaultValue());
      g.writeBooleanField("configured", p.getValue().configured());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeBooleanField("last_reload_success", v.lastReloadOk());
    g.writeStringField(
        "last_reload_error", v.lastReloadError().isEmpty() ? null : v.lastReloadError());
    g.writeNumberField("evaluations", v.evaluations());
    g.writeStringField(
        "last_evaluation",
        v.lastEvaluationMillis() == 0
            ? null
            : Instant.ofEpochMilli(v.lastEvaluationMillis()).toString());
    g.writeObjectFieldStart("alerts");
    g.writeNumberField("pending", count(v.alerts(), AlertState.PENDING));
    g.writeNumberField("firing", count(v.alerts(), AlertState.FIRING));
    g.writeNumberField("resolved", count(v.alerts(), AlertState.INACTIVE));
    g.writeEndObject();
    g.writeArrayFieldStart("rule_health");
    for (RuleHealth h : v.health()) {
      g.writeStartObject();
      g.writeStringField("group", h.group());
      g.writeStringField("alert", h.rule());
      g.writeNumberField("series", h.series());
      g.writeNumberField("unknown_series", h.unknownSeries());
      g.writeNumberField("errors", h.errorsTotal());
      g.writeStringField("last_error", h.lastError().isEmpty() ? null : h.lastError());
      g.writeStringField("health", h.skipped() ? "skipped" : "ok");
      g.writeNumberField("timeouts", h.timeoutsTotal());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("notifiers");
    for (DeliveryStatus n : v.notifiers()) {
      g.writeStartObject();
      g.writeStringField("name", n.name());
      g.writeStringField("receiver", n.describe());
      g.writeNumberField("queued", n.queued());
      g.writeNumberField("queued_bytes", n.queuedBytes());
      g.writeNumberField("sent", n.sent());
      g.writeNumberField("failed", n.failed());
      g.writeNumberField("dropped_queue_full", n.droppedQueueFull());
      g.writeNumberField("dropped_rejected", n.droppedRejected());
      g.writeNumberField("unqueued_sent_direct", n.unqueuedSent());
      g.writeNumberField("unqueued_dropped", n.unqueuedDropped());
      g.writeNumberField("consecutive_failures", n.consecutiveFailures());
      g.writeStringField(
          "last_success",
          n.lastSuccessMillis() == 0
              ? null
              : Instant.ofEpochMilli(n.lastSuccessMillis()).toString());
      g.writeStringField("last_error", n.lastError().isEmpty() ? null : n.lastError());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static long count(List<Alert> alerts, AlertState state) {
    return alerts.stream().filter(a -> a.state() == state).count();
  }
}
