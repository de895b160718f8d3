package io.kshealth.alerts.engine;

import io.kshealth.alerts.expr.Outcome;
import io.kshealth.alerts.expr.SeriesScope;
import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.expr.Template;
import io.kshealth.alerts.rules.AlertRule;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates rules per series and runs Prometheus' alert state machine for each instance: inactive →
 * pending → firing → resolved, with {@code for} and {@code keep_firing_for}, on the times it is
 * given (the agent's injected clock, or a test's steps).
 *
 * <p>A series whose newest point is older than the lookback is gone, and its alerts resolve as in
 * Prometheus. A series the expression cannot decide (UNKNOWN or ERROR) keeps its alert exactly as
 * it was: neither {@code for} nor {@code keep_firing_for} advances, nothing fires or resolves,
 * until data returns.
 */
public final class AlertEngine {

  private final SeriesSource source;
  private final EngineSettings settings;
  private List<RuleRun> rules = List.of();
  private boolean changed;

  public AlertEngine(RuleSet rules, SeriesSource source, EngineSettings settings) {
    this.source = source;
    this.settings = settings;
    replaceRules(rules);
  }

  /** A rule with its instances, keyed so that a reload keeps the state of rules it still has. */
  private static final class RuleRun {
    final AlertRule rule;
    final RuleKey key;
    final Map<Labels, AlertInstance> instances = new LinkedHashMap<>();
    int series;
    int unknownSeries;
    long errorsTotal;
    String lastError = "";

    RuleRun(AlertRule rule, RuleKey key) {
      this.rule = rule;
      this.key = key;
    }
  }

  /** Rules of one name in one group are told apart by their order (Prometheus allows several). */
  private record RuleKey(String group, String name, int ordinal) {}

  /** Swaps in new rules; instances of rules kept (same group, name and order) keep their state. */
  public synchronized void replaceRules(RuleSet ruleSet) {
    Map<RuleKey, RuleRun> old = new HashMap<>();
    for (RuleRun run : rules) {
      old.put(run.key, run);
    }
    Map<String, Integer> seen = new HashMap<>();
    List<RuleRun> runs = new ArrayList<>();
    for (AlertRule rule : ruleSet.rules()) {
      int ordinal = seen.merge(rule.group() + '\0' + rule.name(), 1, Integer::sum) - 1;
      RuleRun run = new RuleRun(rule, new RuleKey(rule.group(), rule.name(), ordinal));
      RuleRun previous = old.get(run.key);
      if (previous != null) {
        run.instances.putAll(previous.instances);
        run.errorsTotal = previous.errorsTotal;
      }
      runs.add(run);
    }
    rules = List.copyOf(runs);
    changed = true;
  }

  /** Evaluates every rule at {@code nowMillis}; returns the alerts that fired or resolved. */
  public synchronized List<Transition> evaluate(long nowMillis) {
    List<Transition> transitions = new ArrayList<>();
    for (RuleRun run : rules) {
      evaluate(run, nowMillis, transitions);
    }
    return transitions;
  }

  private void evaluate(RuleRun run, long now, List<Transition> transitions) {
    AlertRule rule = run.rule;
    Set<Labels> holding = new HashSet<>();
    Set<Labels> undecided = new HashSet<>();
    run.series = 0;
    run.unknownSeries = 0;
    for (Map.Entry<Labels, SeriesPoints> e : source.series(rule.selector().metric()).entrySet()) {
      if (!rule.selector().matches(e.getKey())) {
        continue;
      }
      SeriesPoints history = SeriesWindow.within(e.getValue(), now, settings.historyWindow());
      int newest = history.size() - 1;
      if (newest < 0 || history.times()[newest] < now - settings.lookback().toMillis()) {
        continue; // gone: no current value
      }
      run.series++;
      SeriesScope scope =
          new SeriesScope(
              now,
              e.getKey(),
              history.values()[newest],
              history,
              settings.historyWindow(),
              settings.lookback(),
              source);
      Labels labels = alertLabels(rule, e.getKey());
      Outcome outcome = rule.condition().evaluate(scope);
      if (outcome.verdict() == Outcome.Verdict.TRUE && holding.contains(labels)) {
        outcome = Outcome.error("two series give the same alert labels " + labels);
      }
      switch (outcome.verdict()) {
        case TRUE:
          holding.add(labels);
          hold(run, labels, scope);
          break;
        case FALSE:
          break;
        case UNKNOWN:
          run.unknownSeries++;
          undecided.add(labels);
          break;
        default:
          run.errorsTotal++;
          run.lastError = e.getKey() + ": " + outcome.reason();
          undecided.add(labels);
      }
    }
    step(run, now, holding, undecided, transitions);
  }

  private void hold(RuleRun run, Labels labels, SeriesScope scope) {
    AlertInstance instance = run.instances.get(labels);
    if (instance == null || instance.state == AlertState.INACTIVE) {
      instance = new AlertInstance(labels, scope.nowMillis());
      run.instances.put(labels, instance);
      changed = true;
    }
    instance.value = scope.value();
    Map<String, String> annotations = new LinkedHashMap<>();
    for (Map.Entry<String, Template> a : run.rule.annotations().entrySet()) {
      annotations.put(a.getKey(), a.getValue().render(scope));
    }
    instance.annotations = Map.copyOf(annotations);
  }

  /** Prometheus' per-instance step, as in its AlertingRule.Eval. */
  private void step(
      RuleRun run, long now, Set<Labels> holding, Set<Labels> undecided, List<Transition> out) {
    long forMillis = run.rule.forDuration().toMillis();
    long keepFiringMillis = run.rule.keepFiringFor().toMillis();
    Iterator<AlertInstance> it = run.instances.values().iterator();
    while (it.hasNext()) {
      AlertInstance a = it.next();
      if (holding.contains(a.labels)) {
        if (a.keepFiringSinceMillis != 0) {
          a.keepFiringSinceMillis = 0;
          changed = true;
        }
        if (a.state == AlertState.PENDING && now - a.activeAtMillis >= forMillis) {
          a.state = AlertState.FIRING;
          a.firedAtMillis = now;
          out.add(new Transition(a.view(run.rule.name()), Transition.Kind.FIRED));
          changed = true;
        }
        continue;
      }
      if (undecided.contains(a.labels)) {
        continue;
      }
      boolean keepFiring = false;
      if (a.state == AlertState.FIRING && keepFiringMillis > 0) {
        if (a.keepFiringSinceMillis == 0) {
          a.keepFiringSinceMillis = now;
          changed = true;
        }
        keepFiring = now - a.keepFiringSinceMillis < keepFiringMillis;
      }
      if (a.state == AlertState.PENDING
          || (a.state == AlertState.INACTIVE
              && now - a.resolvedAtMillis > settings.resolvedRetention().toMillis())) {
        it.remove();
        changed = true;
      } else if (a.state == AlertState.FIRING && !keepFiring) {
        a.state = AlertState.INACTIVE;
        a.resolvedAtMillis = now;
        out.add(new Transition(a.view(run.rule.name()), Transition.Kind.RESOLVED));
        changed = true;
      }
    }
  }

  private static Labels alertLabels(AlertRule rule, Labels series) {
    Map<String, String> labels = series.asMap();
    labels.putAll(rule.labels());
    labels.put("alertname", rule.name());
    return Labels.of(labels);
  }

  /** Every instance: pending, firing, and resolved ones still reported (inactive). */
  public synchronized List<Alert> alerts() {
    List<Alert> all = new ArrayList<>();
    for (RuleRun run : rules) {
      for (AlertInstance a : run.instances.values()) {
        all.add(a.view(run.rule.name()));
      }
    }
    return all;
  }

  public synchronized List<RuleHealth> health() {
    List<RuleHealth> all = new ArrayList<>();
    for (RuleRun run : rules) {
      all.add(
          new RuleHealth(
              run.rule.name(),
              run.rule.group(),
              run.series,
              run.unknownSeries,
              run.errorsTotal,
              run.lastError));
    }
    return all;
  }

  public synchronized int ruleCount() {
    return rules.size();
  }

  /** True once after any instance was added, removed or changed state: time to save. */
  public synchronized boolean takeChanged() {
    boolean was = changed;
    changed = false;
    return was;
  }

  /** The instances to save across a restart. */
  public synchronized List<SavedAlert> save() {
    List<SavedAlert> saved = new ArrayList<>();
    for (RuleRun run : rules) {
      for (AlertInstance a : run.instances.values()) {
        saved.add(
            new SavedAlert(
                run.key.group(),
                run.key.name(),
                run.key.ordinal(),
                a.labels.asMap(),
                a.state,
                a.value,
                a.annotations,
                a.activeAtMillis,
                a.firedAtMillis,
                a.resolvedAtMillis,
                a.keepFiringSinceMillis));
      }
    }
    return saved;
  }

  /** Puts saved instances back under the rules that still exist; returns how many. */
  public synchronized int restore(List<SavedAlert> saved) {
    Map<RuleKey, RuleRun> byKey = new HashMap<>();
    for (RuleRun run : rules) {
      byKey.put(run.key, run);
    }
    int restored = 0;
    for (SavedAlert s : saved) {
      RuleRun run = byKey.get(new RuleKey(s.group(), s.rule(), s.ordinal()));
      if (run == null || s.state() == AlertState.INACTIVE && s.resolvedAtMillis() == 0) {
        continue;
      }
      AlertInstance a = new AlertInstance(Labels.of(s.labels()), s.activeAtMillis());
      a.state = s.state();
      a.value = s.value();
      a.annotations = s.annotations();
      a.firedAtMillis = s.firedAtMillis();
      a.resolvedAtMillis = s.resolvedAtMillis();
      a.keepFiringSinceMillis = s.keepFiringSinceMillis();
      run.instances.put(a.labels, a);
      restored++;
    }
    return restored;
  }
}
