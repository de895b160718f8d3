package io.kshealth.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.evidence.EvidenceSettings;
import io.kshealth.alerts.notify.NotifierFactories;
import io.kshealth.api.HeapBound;
import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerting.parameters}: the values the rule files read, checked against what they use. */
class AlertingSettingsTest {

  @TempDir Path dir;

  private AlertingSettings parse(String parameters) throws Exception {
    return settings("  parameters: " + parameters + "\n");
  }

  private AlertingSettings settings(String alertingLines) throws Exception {
    Files.writeString(
        dir.resolve("r.yaml"),
        """
        groups:
        - name: lag
          rules:
          - alert: Stalled
            series: m
            expr: value > 0.0
            for: ${lag_stall_for:-1m}
            labels: {severity: warning}
        """);
    Path config =
        Files.writeString(
            dir.resolve("kshealth.yaml"), "alerting:\n  rules: [r.yaml]\n" + alertingLines);
    ConfigDocument doc = ConfigDocument.read(config, name -> null);
    ConfigNode root = doc.root();
    AlertingSettings settings =
        AlertingSettings.parse(root.map("alerting"), dir, NotifierFactories.builtIn());
    root.finish();
    doc.throwIfErrors();
    return settings;
  }

  @Test
  void theOutboxMemoryBoundDefaultsTo2MiBAndTakesASize() throws Exception {
    assertEquals(2L * 1024 * 1024, settings("").outbox().memoryBytes());
    assertEquals(512L * 1024, settings("  outbox: {memory: 512KiB}\n").outbox().memoryBytes());
    ConfigException e =
        assertThrows(ConfigException.class, () -> settings("  outbox: {memory: lots}\n"));
    assertTrue(e.getMessage().contains("alerting.outbox.memory"), e.getMessage());
  }

  @Test
  void itsHeapBoundsAreTheRulesTheAlertsAndEachNotifiersOutbox() throws Exception {
    assertEquals(
        List.of(
            new HeapBound("rules", "rules", 1, 16 * 1024),
            new HeapBound("max-alerts", "alert instances", 500, 2048)),
        settings("").heapBounds());
    assertEquals(
        List.of(
            new HeapBound("rules", "rules", 1, 16 * 1024),
            new HeapBound("max-alerts", "alert instances", 20_000, 2048),
            new HeapBound("outbox.memory", "notifier(s)", 2, 512 * 1024)),
        settings(
                "  max-alerts: 20000\n"
                    + "  outbox: {memory: 512KiB}\n"
                    + "  notifiers: {a: {type: log}, b: {type: log}}\n")
            .heapBounds());
  }

  @Test
  void evidenceHasItsDefaultsAndEveryBadKeyIsReported() throws Exception {
    assertEquals(EvidenceSettings.DEFAULT, settings("").evidence());
    assertEquals(
        new EvidenceSettings(Duration.ofSeconds(2), Duration.ZERO, 64 * 1024),
        settings("  evidence: {timeout: 2s, min-interval: 0s, max-bytes: 64KiB}\n").evidence());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> settings("  evidence: {timeout: 0s, max-bytes: lots, min-intervall: 1m}\n"));
    String all = e.getMessage();
    assertTrue(all.contains("alerting.evidence.timeout"), all);
    assertTrue(all.contains("alerting.evidence.max-bytes"), all);
    assertTrue(all.contains("unknown key 'min-intervall'; did you mean 'min-interval'?"), all);
  }

  @Test
  void theDeliveryRetryCapMayNotBeBelowTheFirstWait() throws Exception {
    assertEquals(Duration.ofMinutes(1), settings("").outbox().retryMax());
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> settings("  outbox: {retry-min: 10s, retry-max: 5s}\n"));
    assertTrue(
        e.getMessage().contains("alerting.outbox.retry-max: must be at least the retry-min (10s)"),
        e.getMessage());
  }

  @Test
  void aConfiguredParameterReachesTheRules() throws Exception {
    AlertingSettings settings = parse("{lag_stall_for: 10s}");
    assertEquals(Duration.ofSeconds(10), settings.rules().rules().get(0).forDuration());
  }

  @Test
  void aParameterNoRuleUsesIsAnErrorThatNamesTheLikelyOne() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse("{lag_stal_for: 10s}"));
    assertTrue(
        e.getMessage()
            .contains(
                "kshealth.yaml:3:16: alerting.parameters.lag_stal_for: no rule uses the parameter"
                    + " 'lag_stal_for'; did you mean 'lag_stall_for'?"),
        e.getMessage());
  }

  @Test
  void theEvaluationPaceDefaultsFitTheIntervalAndBadValuesAreReportedTogether() throws Exception {
    AlertingSettings defaults = settings("");
    assertEquals(Duration.ofSeconds(1), defaults.evaluationDelay());
    assertEquals(Duration.ofSeconds(5), defaults.evaluationMinGap());
    assertEquals(Duration.ofSeconds(15), defaults.evaluationInterval());
    // A 1s interval (the demo's, the ITs'): the delay and gap shrink to fit it.
    AlertingSettings fast = settings("  evaluation-interval: 1s\n");
    assertEquals(Duration.ofMillis(500), fast.evaluationDelay());
    assertEquals(Duration.ofSeconds(1), fast.evaluationMinGap());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> settings("  evaluation-delay: 15s\n  evaluation-min-gap: 20s\n"));
    assertTrue(
        e.getMessage()
            .contains("alerting.evaluation-delay: must be less than the evaluation-interval (15s)"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "alerting.evaluation-min-gap: must be more than 0s and at most the"
                    + " evaluation-interval (15s)"),
        e.getMessage());
  }
}
