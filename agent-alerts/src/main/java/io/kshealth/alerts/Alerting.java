package io.kshealth.alerts;

import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.engine.AlertEngine.WentPending;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.engine.AlertStateFile;
import io.kshealth.alerts.engine.EngineResult;
import io.kshealth.alerts.engine.EngineSettings;
import io.kshealth.alerts.engine.RuleHealth;
import io.kshealth.alerts.engine.Transition;
import io.kshealth.alerts.evidence.EvidenceCapture;
import io.kshealth.alerts.evidence.EvidenceStore;
import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.notify.Fingerprint;
import io.kshealth.alerts.notify.NotificationDispatcher;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.extension.Extension;
import io.kshealth.core.extension.ExtensionContext;
import io.kshealth.core.health.AlertReason;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.http.HttpRoute;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.io.IoErrors;
import io.kshealth.core.schedule.ClockLoop;
import io.kshealth.core.schedule.Deadline;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting while the agent runs: evaluates the rules over the history soon after collectors append
 * new samples, and at least every evaluation interval ({@link EvaluationPace}), saves alert state
 * to the data dir when it changes, and hands what fired, resolved or is still active to the
 * notifiers.
 *
 * <p>Nothing the HTTP handlers, a reload or shutdown call waits for the rules thread: they read the
 * engine's published result, and a reload hands the new rules over for the next evaluation. Each
 * evaluation has a deadline ({@code alerting.evaluation-timeout}); a rule that passes it is skipped
 * until the next reload.
 */
final class Alerting implements Extension {

  private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

  /**
   * The owner of the agent's own samples in the history, as a collector owns its: a series the
   * agent no longer reports (a rule removed by a reload) ends at the next evaluation. Not a
   * possible collector name (those have no underscore), so no collector's run ends the agent's
   * series.
   */
  static final String SELF = "kshealth_agent";

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
  private final RuleFiles ruleFiles;
  private final ClockLoop evaluator;
  private final EvidenceStore evidenceStore;
  private final EvidenceCapture evidence;

  /** Never held while the rules evaluate. */
  private final EvaluationPace pace;

  /** Held only while the state file is written, never during an evaluation. */
  private final ReentrantLock stateFileLock = new ReentrantLock();

  private volatile boolean closing;
  private volatile RuleSet rules;
  private volatile String lastReloadError = "";

  /** Loads the rule files again, for a reload. */
  @FunctionalInterface
  interface RuleFiles {
    RuleSet load() throws ConfigException;
  }

  Alerting(
      AlertingSettings settings, ExtensionContext context, SeriesSource source, RuleFiles ruleFiles)
      throws IOException {
    this.settings = settings;
    this.clock = context.clock();
    this.rules = settings.rules();
    this.ruleFiles = ruleFiles;
    this.engine =
        new AlertEngine(
            rules,
            source,
            new EngineSettings(
                settings.lookback(),
                context.history().window(),
                settings.resolvedRetention(),
                settings.evaluationInterval(),
                settings.maxAlerts()));
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
    this.metrics = new AlertingMetrics(clock.millis(), settings.exposeRecorded());
    this.history = context.history();
    this.agentSamples = context.agentSamples();
    this.evaluator = new ClockLoop("kshealth-rules", clock, this::evaluateIfDue);
    this.evidenceStore = new EvidenceStore(settings.evidence().maxBytes());
    this.evidence =
        new EvidenceCapture(context.evidenceSources(), settings.evidence(), evidenceStore, clock);
    this.pace =
        new EvaluationPace(
            settings.evaluationDelay(),
            settings.evaluationMinGap(),
            settings.evaluationInterval(),
            clock.millis());
  }

  static Alerting start(AlertingSettings settings, ExtensionContext context) throws IOException {
    Alerting alerting =
        new Alerting(
            settings,
            context,
            new HistorySource(context.history()),
            () ->
                new RuleLoader(settings.language(), settings.parameters())
                    .load(settings.rulePaths()));
    alerting.stateFile.ifPresent(
        f -> {
          int restored = alerting.engine.restore(f.load());
          if (restored > 0) {
            LOG.info("restored {} alert(s) from {}", restored, f.path());
          }
        });
    context.history().onAppend(alerting::samplesAppended);
    alerting.evaluator.start();
    LOG.info("alerting: {}", settings.summary());
    return alerting;
  }

  /** Called by the history, with it locked: only moves the next evaluation forward. */
  private void samplesAppended(Snapshot snapshot) {
    // The agent's own samples are appended by the evaluation itself: they must not call for one;
    // nor must a run that brought nothing (a collector that does not apply here).
    if (snapshot.collector().equals(SELF) || snapshot.samples().isEmpty()) {
      return;
    }
    boolean sooner;
    synchronized (pace) {
      sooner = pace.samplesArrived(clock.millis());
    }
    if (sooner) {
      evaluator.wake();
    }
  }

  /** The evaluation loop's step: evaluates when due; returns when the next one is due. */
  private long evaluateIfDue() {
    synchronized (pace) {
      if (!pace.startIfDue(clock.millis())) {
        return pace.dueMillis();
      }
    }
    evaluateSafely();
    synchronized (pace) {
      return pace.dueMillis();
    }
  }

  /** A rule nested deep enough to overflow the stack must not end the loop either. */
  private void evaluateSafely() {
    try {
      evaluate();
    } catch (RuntimeException | StackOverflowError e) {
      LOG.error("rule evaluation failed", e);
    }
  }

  void evaluate() {
    long started = clock.millis();
    // The agent's samples about itself reach the history here, one point per evaluation, so that
    // rules see a collector down or notifications dropped as they see the app.
    history.append(new Snapshot(SELF, started, agentSamples.get()));
    // The deadline counts from here: the rules' own time, not the samples' append.
    Deadline deadline =
        Deadline.at(clock, clock.millis() + settings.evaluationTimeout().toMillis());
    List<Transition> transitions = engine.evaluate(started, deadline);
    EngineResult result = engine.result();
    // Evidence is asked for as the alert goes pending, while the app is still stuck; the captures
    // run beside, never delaying this evaluation. An alert no longer reported takes its evidence.
    for (WentPending p : engine.takeWentPending()) {
      evidence.ask(
          fingerprint(p.labels()), p.rule().name(), p.labels().asMap(), p.rule().evidence());
    }
    Set<String> reported = new HashSet<>();
    result.alerts().forEach(a -> reported.add(fingerprint(a.labels())));
    evidenceStore.retain(reported);
    if (engine.takeChanged() && !closing) {
      saveState(result, Deadline.NONE);
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
    for (Alert a : result.alerts()) {
      if (a.state() == AlertState.FIRING || a.resolvedAtMillis() > 0) {
        active.add(message(a));
      }
    }
    dispatcher.publish(started, changed, active);
    metrics.evaluated(started, clock.millis() - started);
  }

  /** An alert's labels as receivers see them: the external labels, then its own. */
  private Map<String, String> notifiedLabels(Labels alertLabels) {
    Map<String, String> labels = new LinkedHashMap<>(settings.externalLabels());
    labels.putAll(alertLabels.asMap());
    return labels;
  }

  /** The alert's fingerprint as receivers see it, under which its evidence is kept. */
  String fingerprint(Labels alertLabels) {
    return Fingerprint.of(notifiedLabels(alertLabels));
  }

  /**
   * The alert as notifiers send it: its evidence's annotations added to its own (which win a
   * clash), so that a notification sent after the capture carries where it is stuck.
   */
  private AlertMessage message(Alert a) {
    Map<String, String> labels = notifiedLabels(a.labels());
    Map<String, String> annotations = new LinkedHashMap<>(a.annotations());
    evidenceStore.annotations(Fingerprint.of(labels)).forEach(annotations::putIfAbsent);
    return new AlertMessage(
        labels,
        annotations,
        Instant.ofEpochMilli(a.firedAtMillis()),
        a.state() == AlertState.INACTIVE
            ? Optional.of(Instant.ofEpochMilli(a.resolvedAtMillis()))
            : Optional.empty(),
        generatorUrl);
  }

  /** Writes the state file, unless shutting down already saved it or the lock waits too long. */
  private void saveState(EngineResult result, Deadline deadline) {
    if (stateFile.isEmpty()) {
      return;
    }
    try {
      if (!stateFileLock.tryLock(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("alert state not saved: {} is still being written", stateFile.get().path());
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      stateFile.get().save(result.saved());
      dataDir.written(DataDirHealth.ALERT_STATE);
    } catch (IOException e) {
      dataDir.failed(DataDirHealth.ALERT_STATE);
      LOG.warn("cannot save alert state to {}: {}", stateFile.get().path(), IoErrors.describe(e));
    } finally {
      stateFileLock.unlock();
    }
  }

  /**
   * Loads the rule files and hands them to the engine for its next evaluation, without waiting for
   * an evaluation in progress. Whatever goes wrong, even a stack overflow or the heap running out,
   * the previous rules go on running and the outcome says why in one line per problem.
   */
  @Override
  public synchronized ReloadOutcome reload() {
    String error;
    try {
      RuleSet loaded = ruleFiles.load();
      engine.replaceRules(loaded);
      rules = loaded;
      lastReloadError = "";
      metrics.reloaded(true, clock.millis());
      String message =
          "loaded " + loaded.rules().size() + " rule(s) from " + loaded.files().size() + " file(s)";
      LOG.info("rules reloaded: {}", message);
      return new ReloadOutcome(true, message);
    } catch (ConfigException e) {
      error = Objects.toString(e.getMessage(), e.toString());
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      error = "cannot load the rule files: " + e;
    }
    lastReloadError = error;
    metrics.reloaded(false, clock.millis());
    LOG.error("rules not reloaded, the previous rules go on running:\n{}", error);
    return new ReloadOutcome(false, "rules not reloaded:\n" + error);
  }

  @Override
  public Collection<Sample> samples() {
    List<Sample> samples = new ArrayList<>();
    long now = clock.millis();
    samples.addAll(metrics.samples(now, engine.result()));
    samples.addAll(dispatcher.samples(now));
    samples.addAll(evidence.samples(now));
    samples.add(evidenceStore.sample(now));
    return samples;
  }

  @Override
  public List<AlertReason> activeAlerts() {
    EngineResult result = engine.result();
    Map<String, String> groups = new HashMap<>();
    for (RuleHealth rule : result.health()) {
      groups.putIfAbsent(rule.rule(), rule.group());
    }
    List<AlertReason> active = new ArrayList<>();
    for (Alert a : result.alerts()) {
      if (a.state() == AlertState.INACTIVE) {
        continue;
      }
      boolean firing = a.state() == AlertState.FIRING;
      active.add(
          new AlertReason(
              a.rule(),
              groups.getOrDefault(a.rule(), ""),
              Objects.requireNonNullElse(a.labels().get("severity"), ""),
              firing,
              a.annotations().getOrDefault("summary", ""),
              a.annotations().getOrDefault("runbook_url", ""),
              firing ? a.firedAtMillis() : a.activeAtMillis(),
              a.labels().asMap(),
              evidenceStore.annotations(fingerprint(a.labels()))));
    }
    return active;
  }

  @Override
  public Map<String, HttpRoute> routes() {
    // The subtree answers /api/v1/alerts/{fingerprint}/evidence, behind the HTTP auth as the rest.
    return Map.of(
        "/api/v1/alerts",
        new AlertsEndpoint(engine, this::fingerprint, evidenceStore).route(),
        EvidenceEndpoint.ROUTE,
        new EvidenceEndpoint(engine, this::fingerprint, evidenceStore).route());
  }

  @Override
  public Map<String, @Nullable Object> status() {
    EngineResult result = engine.result();
    return AlertingStatus.of(
        new AlertingStatus.View(
            settings,
            rules,
            result.alerts(),
            result.health(),
            dispatcher.statuses(),
            metrics.evaluations(),
            metrics.lastEvaluationMillis(),
            metrics.lastReloadOk(),
            lastReloadError));
  }

  /**
   * Stops evaluating and delivering and saves the alert state from the last published result, all
   * by {@code deadline}: an evaluation stuck in a rule is abandoned (its thread is a daemon).
   */
  @Override
  public void close(Deadline deadline) {
    closing = true;
    // An evaluation in progress is not interrupted: interrupted, it would fail to write the outbox
    // (file channels close on interrupt), its transitions logged but never queued. One stuck past
    // the deadline is abandoned (its thread is a daemon).
    evaluator.stop();
    if (!evaluator.await(deadline)) {
      LOG.warn("rule evaluation still running at shutdown: abandoned");
    }
    evidence.close();
    dispatcher.close(deadline);
    saveState(engine.result(), deadline);
  }
}
