package io.kshealth.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.engine.AlertStateFile;
import io.kshealth.alerts.engine.EngineSettings;
import io.kshealth.alerts.engine.Transition;
import io.kshealth.alerts.notify.AlertMessage;
import io.kshealth.alerts.notify.NotificationDispatcher;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.extension.Extension;
import io.kshealth.core.extension.ExtensionContext;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.http.HttpRoute;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.io.IoErrors;
import io.kshealth.core.model.Sample;
import io.kshealth.core.model.Snapshot;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting while the agent runs: evaluates the rules over the history every evaluation interval,
 * saves alert state to the data dir when it changes, and hands what fired, resolved or is still
 * active to the notifiers.
 */
final class Alerting implements Extension {

  private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

  /** The name the agent's own samples go by in the history, as a collector's would. */
  private static final String SELF = "kshealth";

  private final AlertingSettings settings;
  private final Clock clock;
  private final AlertEngine engine;
  private final Optional<AlertStateFile> stateFile;
  private final DataDirHealth dataDir;
  private final NotificationDispatcher dispatcher;
  private final String generatorUrl;
  private final AlertingMetrics metrics;
  private final HistoryStore history;
  private final Supplier<List<Sample>> agentSamples;
  private final ScheduledExecutorService evaluator;
  private RuleSet rules;
  private String lastReloadError = "";

  private Alerting(AlertingSettings settings, ExtensionContext context) throws IOException {
    this.settings = settings;
    this.clock = context.clock();
    this.rules = settings.rules();
    this.engine =
        new AlertEngine(
            rules,
            new HistorySource(context.history()),
            new EngineSettings(
                settings.lookback(), context.history().window(), settings.resolvedRetention()));
    this.stateFile = context.dataDir().map(AlertStateFile::new);
    this.dataDir = context.dataDirHealth();
    String baseUrl = settings.externalUrl().isEmpty() ? context.agentUrl() : settings.externalUrl();
    this.generatorUrl = baseUrl + "/api/v1/alerts";
    this.dispatcher =
        new NotificationDispatcher(
            settings.notifiers().stream()
                .flatMap(n -> n.create(baseUrl, settings.alertmanagerValidFor(), clock).stream())
                .toList(),
            context.dataDir().map(d -> d.resolve("outbox")),
            settings.outbox().maxEntries(),
            settings.outbox().memoryBytes(),
            context.dataDirHealth(),
            settings.outbox().retryMin(),
            settings.outbox().retryMax(),
            settings.resendDelay(),
            clock,
            () -> ThreadLocalRandom.current().nextDouble());
    this.metrics = new AlertingMetrics(clock.millis());
    this.history = context.history();
    this.agentSamples = context.agentSamples();
    this.evaluator =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kshealth-rules");
              t.setDaemon(true);
              return t;
            });
  }

  static Alerting start(AlertingSettings settings, ExtensionContext context) throws IOException {
    Alerting alerting = new Alerting(settings, context);
    alerting.stateFile.ifPresent(
        f -> {
          int restored = alerting.engine.restore(f.load());
          if (restored > 0) {
            LOG.info("restored {} alert(s) from {}", restored, f.path());
          }
        });
    long interval = settings.evaluationInterval().toMillis();
    alerting.evaluator.scheduleAtFixedRate(
        alerting::evaluateSafely, interval, interval, TimeUnit.MILLISECONDS);
    LOG.info("alerting: {}", settings.summary());
    return alerting;
  }

  /** A failure here must not end the schedule: a scheduled task that throws is never run again. */
  private void evaluateSafely() {
    try {
      evaluate();
    } catch (RuntimeException e) {
      LOG.error("rule evaluation failed", e);
    }
  }

  void evaluate() {
    long started = clock.millis();
    // The agent's samples about itself reach the history here, one point per evaluation, so that
    // rules see a collector down or notifications dropped as they see the app.
    history.append(new Snapshot(SELF, started, agentSamples.get()));
    List<Transition> transitions = engine.evaluate(started);
    if (engine.takeChanged()) {
      saveState();
    }
    List<AlertMessage> changed = new ArrayList<>();
    for (Transition t : transitions) {
      changed.add(message(t.alert()));
      LOG.info(
          "{} {} {}",
          t.alert().rule(),
          t.kind() == Transition.Kind.FIRED ? "fired" : "resolved",
          t.alert().labels());
    }
    List<AlertMessage> active = new ArrayList<>();
    for (Alert a : engine.alerts()) {
      if (a.state() == AlertState.FIRING || a.resolvedAtMillis() > 0) {
        active.add(message(a));
      }
    }
    dispatcher.publish(started, changed, active);
    metrics.evaluated(started, clock.millis() - started);
  }

  private void saveState() {
    if (stateFile.isEmpty()) {
      return;
    }
    try {
      stateFile.get().save(engine.save());
      dataDir.written(DataDirHealth.ALERT_STATE);
    } catch (IOException e) {
      dataDir.failed(DataDirHealth.ALERT_STATE);
      LOG.warn("cannot save alert state to {}: {}", stateFile.get().path(), IoErrors.describe(e));
    }
  }

  private AlertMessage message(Alert a) {
    Map<String, String> labels = new LinkedHashMap<>(settings.externalLabels());
    labels.putAll(a.labels().asMap());
    return new AlertMessage(
        labels,
        a.annotations(),
        Instant.ofEpochMilli(a.firedAtMillis()),
        a.state() == AlertState.INACTIVE
            ? Optional.of(Instant.ofEpochMilli(a.resolvedAtMillis()))
            : Optional.empty(),
        generatorUrl);
  }

  @Override
  public synchronized ReloadOutcome reload() {
    try {
      RuleSet loaded =
          new RuleLoader(settings.language(), settings.parameters()).load(settings.rulePaths());
      engine.replaceRules(loaded);
      rules = loaded;
      lastReloadError = "";
      metrics.reloaded(true, clock.millis());
      String message =
          "loaded " + loaded.rules().size() + " rule(s) from " + loaded.files().size() + " file(s)";
      LOG.info("rules reloaded: {}", message);
      return new ReloadOutcome(true, message);
    } catch (ConfigException e) {
      lastReloadError = e.getMessage();
      metrics.reloaded(false, clock.millis());
      LOG.error("rules not reloaded, the previous rules go on running:\n{}", e.getMessage());
      return new ReloadOutcome(false, "rules not reloaded:\n" + e.getMessage());
    }
  }

  @Override
  public Collection<Sample> samples() {
    List<Sample> samples = new ArrayList<>();
    long now = clock.millis();
    samples.addAll(metrics.samples(now, engine.alerts(), engine.health(), engine.ruleCount()));
    samples.addAll(dispatcher.samples(now));
    return samples;
  }

  @Override
  public Map<String, HttpRoute> routes() {
    return Map.of("/api/v1/alerts", new AlertsEndpoint(engine).route());
  }

  @Override
  public synchronized void writeStatus(JsonGenerator g) throws IOException {
    AlertingStatus.write(
        g,
        new AlertingStatus.View(
            settings,
            rules,
            engine.alerts(),
            engine.health(),
            dispatcher.statuses(),
            metrics.evaluations(),
            metrics.lastEvaluationMillis(),
            metrics.lastReloadOk(),
            lastReloadError));
  }

  @Override
  public void close() {
    // An evaluation in progress finishes: interrupted, it would fail to write the outbox (file
    // channels close on interrupt) with its transitions logged but never queued.
    evaluator.shutdown();
    try {
      if (!evaluator.awaitTermination(2, TimeUnit.SECONDS)) {
        evaluator.shutdownNow();
      }
    } catch (InterruptedException e) {
      evaluator.shutdownNow();
      Thread.currentThread().interrupt();
    }
    saveState();
    dispatcher.close();
  }
}
