package io.kshealth.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.notify.NotifierFactories;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.extension.Extension.ReloadOutcome;
import io.kshealth.core.extension.ExtensionContext;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.schedule.Deadline;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.OnAnotherThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerting as the agent runs it, with a rule whose series source blocks until the test lets it go:
 * {@code /metrics}, {@code /api/v1/status}, a reload and shutdown go on without it.
 */
class AlertingTest {

  @TempDir Path dir;

  final MutableClock clock = new MutableClock();
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);

  final SeriesSource source =
      metric -> {
        if (metric.equals("stuck")) {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        long now = clock.millis();
        return Map.of(Labels.of("a", "b"), new SeriesPoints(new long[] {now}, new double[] {9}));
      };

  @AfterEach
  void letGo() {
    release.countDown();
  }

  AlertingSettings settings(String rules) throws Exception {
    return settings(rules, "");
  }

  /**
   * @param more more keys of the alerting section, each a line indented by two
   */
  AlertingSettings settings(String rules, String more) throws Exception {
    Files.writeString(dir.resolve("r.yaml"), rules);
    Path config =
        Files.writeString(
            dir.resolve("kshealth.yaml"),
            "alerting:\n  rules: [r.yaml]\n  evaluation-timeout: 2s\n" + more);
    ConfigDocument doc = ConfigDocument.read(config, name -> null);
    ConfigNode root = doc.root();
    AlertingSettings settings =
        AlertingSettings.parse(root.map("alerting"), dir, NotifierFactories.builtIn());
    root.finish();
    doc.throwIfErrors();
    return settings;
  }

  static String rule(String name, String series) {
    return """
          - alert: %s
            series: %s
            expr: value > 5.0
            labels: {severity: warning}
        """
        .formatted(name, series);
  }

  final HistoryStore history =
      new HistoryStore(
          new HistoryConfig(
              Duration.ofMinutes(30), 100, Duration.ofMinutes(5), Optional.empty(), 1 << 20),
          clock);
  List<Sample> agentSamples = List.of();

  Alerting alerting(Alerting.RuleFiles reload) throws Exception {
    AlertingSettings settings =
        settings("groups:\n- name: g\n  rules:\n" + rule("Fast", "fast") + rule("Stuck", "stuck"));
    return new Alerting(settings, context(), source, reload);
  }

  ExtensionContext context() {
    return new ExtensionContext(
        clock,
        history,
        Optional.of(dir),
        "http://127.0.0.1:1",
        () -> agentSamples,
        DataDirHealth.probe(dir),
        Map.of());
  }

  static double sample(Collection<Sample> samples, String name, String rule) {
    return samples.stream()
        .filter(s -> s.metric().name().equals(name))
        .filter(s -> rule == null || rule.equals(s.labels().get("rule")))
        .mapToDouble(Sample::value)
        .findFirst()
        .orElse(Double.NaN);
  }

  /** The alerting section of the status, as {@code Map.toString()} shows it. */
  static String status(Alerting alerting) {
    return alerting.status().toString();
  }

  @Test
  void metricsStatusReloadAndShutdownGoOnWhileAnEvaluationIsStuck() throws Exception {
    Alerting alerting = alerting(() -> RuleSet.EMPTY);
    CompletableFuture<Void> stuck = CompletableFuture.runAsync(alerting::evaluate);
    entered.await();

    OnAnotherThread.run(
        () -> {
          Collection<Sample> samples = alerting.samples();
          assertEquals(2, sample(samples, "kshealth_rules", null));
          assertEquals(0, sample(samples, "kshealth_rule_skipped", "Stuck"));
          clock.advance(Duration.ofSeconds(3)); // past the 2s evaluation-timeout
          assertEquals(1, sample(alerting.samples(), "kshealth_rule_skipped", "Stuck"));
          String status = status(alerting);
          assertTrue(status.contains("alert=Stuck"), status);
          assertTrue(status.contains("health=skipped"), status);
          assertTrue(status.contains("evaluation_timeout=2s"), status);
          assertTrue(alerting.reload().ok());
          alerting.close(Deadline.in(Duration.ofSeconds(1)));
        });
    assertFalse(stuck.isDone(), "the stuck evaluation was abandoned, not waited for");
    assertTrue(Files.exists(dir.resolve("alerts.json")), "the state was saved anyway");
  }

  @Test
  void aReloadThatOverflowsTheStackKeepsTheOldRulesAndSaysWhyInOneLine() throws Exception {
    Alerting alerting =
        alerting(
            () -> {
              throw new StackOverflowError();
            });
    release.countDown();
    ReloadOutcome outcome = alerting.reload();
    assertFalse(outcome.ok());
    assertEquals(
        "rules not reloaded:\ncannot load the rule files: java.lang.StackOverflowError",
        outcome.message());
    alerting.evaluate();
    Collection<Sample> samples = alerting.samples();
    assertEquals(2, sample(samples, "kshealth_rules", null), "the old rules run");
    assertEquals(0, sample(samples, "kshealth_rules_last_reload_success", null));
    assertTrue(status(alerting).contains("java.lang.StackOverflowError"));
    alerting.close(Deadline.in(Duration.ofSeconds(1)));
  }

  @Test
  void theAgentsOwnSeriesEndWhenItNoLongerReportsThemAndOnlyThen() throws Exception {
    release.countDown();
    Metric up = Metric.gauge("kshealth_test_up", "Up.");
    Alerting alerting = alerting(() -> RuleSet.EMPTY);
    long now = clock.millis();
    agentSamples =
        List.of(
            new Sample(up, Labels.of("collector", "lag"), 1, now),
            new Sample(up, Labels.of("collector", "gone"), 1, now));
    alerting.evaluate();
    // A collector named like the agent's samples' owner would end them with every run: none is.
    history.append(new Snapshot.Builder("kshealth", now).build());
    assertEquals(2, history.seriesNamed(up.name()).size());

    clock.advance(Duration.ofSeconds(15));
    agentSamples = List.of(new Sample(up, Labels.of("collector", "lag"), 1, clock.millis()));
    alerting.evaluate();
    assertEquals(Set.of(Labels.of("collector", "lag")), history.seriesNamed(up.name()).keySet());
    alerting.close(Deadline.in(Duration.ofSeconds(1)));
  }

  /**
   * A recording rule's series are on /metrics only with {@code expose-recorded: true}: a Prometheus
   * that scrapes the agent runs the pack's twin, whose recording rules write the same names.
   */
  @Test
  void recordedSeriesAreOnMetricsOnlyWhenExposed() throws Exception {
    release.countDown();
    String rules =
        """
        groups:
        - name: g
          rules:
          - record: job:kshealth_fast:sum
            series: sum by (job) (kshealth_fast)
        """;
    Metric fast = Metric.gauge("kshealth_fast", "a value");
    history.append(
        new Snapshot.Builder("streams", clock.millis())
            .add(fast, Labels.of("job", "a", "p", "0"), 2)
            .add(fast, Labels.of("job", "a", "p", "1"), 3)
            .build());
    for (String more : List.of("", "  expose-recorded: false\n", "  expose-recorded: true\n")) {
      Alerting alerting =
          new Alerting(
              settings(rules, more), context(), new HistorySource(history), () -> RuleSet.EMPTY);
      alerting.evaluate();
      List<Sample> recorded =
          alerting.samples().stream()
              .filter(s -> s.metric().name().equals("job:kshealth_fast:sum"))
              .toList();
      if (more.contains("true")) {
        assertEquals(1, recorded.size(), more);
        assertEquals(Labels.of("job", "a"), recorded.get(0).labels());
        assertEquals(5, recorded.get(0).value());
      } else {
        assertEquals(List.of(), recorded, "not exposed with '" + more + "'");
      }
      alerting.close(Deadline.in(Duration.ofSeconds(1)));
    }
  }

  @Test
  void newSamplesAreEvaluatedASecondLaterAndShutdownDoesNotWaitForTheNextEvaluation()
      throws Exception {
    release.countDown();
    Alerting alerting =
        Alerting.start(
            settings("groups:\n- name: g\n  rules:\n" + rule("Fast", "kshealth_fast")), context());
    try {
      assertEquals(0, sample(alerting.samples(), "kshealth_rule_evaluations_total", null));
      history.append(
          new Snapshot.Builder("streams", clock.millis())
              .add(Metric.gauge("kshealth_fast", "a value"), Labels.EMPTY, 9)
              .build());
      clock.advance(Duration.ofSeconds(1));
      // Due 1s after the samples (on the test's clock), not 15s after the start.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> sample(alerting.samples(), "kshealth_rule_evaluations_total", null) == 1);
      assertTrue(status(alerting).contains("evaluation_delay=1s"));
    } finally {
      // The next evaluation is due 15s on: shutdown drops it rather than running it first.
      alerting.close(Deadline.in(Duration.ofSeconds(5)));
    }
    assertEquals(
        1,
        sample(alerting.samples(), "kshealth_rule_evaluations_total", null),
        "no evaluation after the one that was due");
  }
}
