package io.kshealth.alerts.engine;

import io.kshealth.alerts.expr.Outcome;
import io.kshealth.alerts.expr.SeriesQueries;
import io.kshealth.alerts.expr.SeriesScope;
import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.expr.Template;
import io.kshealth.alerts.rules.AlertRule;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.Labels;
import io.kshealth.core.schedule.Deadline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates rules per series and runs Prometheus' alert state machine for each instance: inactive →
 * pending → firing → resolved, with {@code for} and {@code keep_firing_for}, on the times it is
 * given (the agent's injected clock, or a test's steps).
 *
 * <p>A series whose newest point is older than the lookback is gone, and its alerts resolve as in
 * Prometheus. A series the expression cannot decide (UNKNOWN or ERROR) keeps its alert exactly as
 * it was: neither {@code for} nor {@code keep_firing_for} advances, nothing fires or resolves,
 * until data returns.
 *
 * <p>Threads: one thread evaluates (and alone touches the rules' state); after each evaluation it
 * publishes an immutable {@link EngineResult} that any thread reads with {@link #result()}, without
 * a lock, so a slow or stuck evaluation never blocks a reader. {@link #replaceRules} only hands the
 * new rules over: the next evaluation starts with them.
 *
 * <p>Each evaluation has a {@link Deadline}, checked before each rule, between series and in every
 * function over a range or a join. The rule whose evaluation passes it stops there and keeps its
 * alerts as they were; the rules after it wait for the next evaluation. It is skipped until the
 * rules are replaced (a reload) only when it is to blame: it spent half the round's time on the CPU
 * by itself, or ran past the deadline by a whole round (stuck). A rule cut short because the agent
 * was short of CPU (a throttled container, a busy host) or because the rules before it took the
 * round goes on at the next evaluation: a starved agent must not silence its rules for good. Nor
 * does one costly evaluation: a rule's first evaluation runs cold code (the agent just started), so
 * it is skipped when the next one is costly too.
 */
public final class AlertEngine {

  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

  private final SeriesSource source;
  private final EngineSettings settings;
  private final AtomicReference<RuleSet> pending = new AtomicReference<>();
  private List<RuleRun> rules = List.of();

  /** The instances all rules hold, against {@link EngineSettings#maxAlerts}. */
  private int alertCount;

  private boolean changed;
  private final List<WentPending> wentPending = new ArrayList<>();
  private volatile EngineResult result =
      new EngineResult(0, List.of(), List.of(), List.of(), List.of());

  /**
   * The rule being evaluated now (its index in the published health, which follows the rules in
   * use) and the deadline of its round; null between evaluations.
   */
  private volatile @Nullable InFlight inFlight;

  private record InFlight(int rule, Deadline deadline, long deadlineMillis) {}

  /** The evaluating thread's CPU time in nanoseconds: what a rule costs by itself. */
  private final LongSupplier threadCpuNanos;

  public AlertEngine(RuleSet rules, SeriesSource source, EngineSettings settings) {
    this(rules, source, settings, ThreadCpu::currentNanos);
  }

  /**
   * @param threadCpuNanos the calling thread's CPU time; tests tie it to their clock
   */
  AlertEngine(
      RuleSet rules, SeriesSource source, EngineSettings settings, LongSupplier threadCpuNanos) {
    this.source = source;
    this.settings = settings;
    this.threadCpuNanos = threadCpuNanos;
    apply(rules);
    publish(0);
  }

  /**
   * Hands over new rules, from any thread, without waiting: the next evaluation starts with them.
   * Instances of rules kept (same group, name and order) keep their state; every rule starts
   * healthy.
   */
  public void replaceRules(RuleSet ruleSet) {
    pending.set(ruleSet);
  }

  private void apply(RuleSet ruleSet) {
    Map<RuleRun.Key, RuleRun> old = new HashMap<>();
    for (RuleRun run : rules) {
      old.put(run.key, run);
    }
    Map<String, Integer> seen = new HashMap<>();
    List<RuleRun> runs = new ArrayList<>();
    for (AlertRule rule : ruleSet.rules()) {
      int ordinal = seen.merge(rule.group() + '\0' + rule.name(), 1, Integer::sum) - 1;
      RuleRun run = new RuleRun(rule, new RuleRun.Key(rule.group(), rule.name(), ordinal));
      RuleRun previous = old.get(run.key);
      if (previous != null) {
        run.instances.putAll(previous.instances);
        run.errorsTotal = previous.errorsTotal;
        run.recorded = previous.recorded;
        run.timeoutsTotal = previous.timeoutsTotal;
        run.alertsDroppedTotal = previous.alertsDroppedTotal;
      }
      runs.add(run);
    }
    rules = List.copyOf(runs);
    alertCount = rules.stream().mapToInt(r -> r.instances.size()).sum();
    changed = true;
  }

  /** Evaluates every rule at {@code nowMillis} without deadline: for rule unit tests. */
  public List<Transition> evaluate(long nowMillis) {
    return evaluate(nowMillis, Deadline.NONE);
  }

  /**
   * Evaluates every rule at {@code nowMillis} until {@code deadline}, publishes the result, and
   * returns the alerts that fired or resolved. Call from one thread at a time.
   */
  public List<Transition> evaluate(long nowMillis, Deadline deadline) {
    RuleSet replacement = pending.getAndSet(null);
    if (replacement != null) {
      apply(replacement);
      publish(result.evaluatedAtMillis());
    }
    List<Transition> transitions = new ArrayList<>();
    long deadlineMillis = nowMillis + deadline.remainingMillis();
    try {
      for (int i = 0; i < rules.size(); i++) {
        RuleRun run = rules.get(i);
        if (run.skipped) {
          continue;
        }
        if (deadline.passed()) {
          LOG.warn(
              "rule evaluation passed its deadline; {} rule(s) wait for the next one",
              rules.size() - i);
          break;
        }
        inFlight = new InFlight(i, deadline, deadlineMillis);
        long leftAtStart = deadline.remainingMillis();
        long cpuAtStart = threadCpuNanos.getAsLong();
        try {
          evaluate(run, nowMillis, deadline, transitions);
          run.costlyInARow = 0;
        } catch (Deadline.Passed e) {
          run.timeoutsTotal++;
          long cpuNanos = threadCpuNanos.getAsLong() - cpuAtStart;
          long wallMillis = leftAtStart + deadline.overrunMillis();
          cutShort(run, deadlineMillis - nowMillis, cpuNanos, wallMillis);
        }
      }
    } finally {
      inFlight = null;
    }
    publish(nowMillis);
    return transitions;
  }

  /**
   * A rule whose evaluation passed the round's deadline: skipped until a reload when it is to blame
   * (half the round on the CPU by itself, or a whole round past the deadline) at two evaluations in
   * a row, else left for the next evaluation.
   */
  private static void cutShort(RuleRun run, long roundMillis, long cpuNanos, long wallMillis) {
    boolean costly = cpuNanos * 2 >= roundMillis * 1_000_000L;
    boolean stuck = wallMillis >= 2 * roundMillis;
    String took = "after " + cpuNanos / 1_000_000 + " ms on the CPU in " + wallMillis + " ms";
    run.costlyInARow = costly || stuck ? run.costlyInARow + 1 : 0;
    if (run.costlyInARow == 1) {
      run.lastError =
          "its evaluation passed the round's deadline "
              + took
              + ": once (a first evaluation runs cold code); skipped if the next one does too";
      LOG.warn(
          "rule {} (group {}) passed the evaluation deadline {}",
          run.rule.name(),
          run.rule.group(),
          took);
    } else if (run.costlyInARow > 1) {
      run.skipped = true;
      run.lastError =
          "its evaluation passed the round's deadline "
              + took
              + ": skipped until the rules are reloaded";
      LOG.error(
          "rule {} (group {}, {}) passed the evaluation deadline {}: skipped until the rules are"
              + " reloaded",
          run.rule.name(),
          run.rule.group(),
          run.rule.origin(),
          took);
    } else {
      run.lastError =
          "its evaluation was cut short by the round's deadline "
              + took
              + " (the agent was short of CPU, or the rules before it took the round): it goes"
              + " on at the next evaluation";
      LOG.warn(
          "rule {} (group {}) was cut short by the evaluation deadline {}; not its own cost, so it"
              + " goes on at the next evaluation",
          run.rule.name(),
          run.rule.group(),
          took);
    }
  }

  private void evaluate(RuleRun run, long now, Deadline deadline, List<Transition> transitions) {
    AlertRule rule = run.rule;
    if (rule.recording()) {
      record(run, now, deadline);
      return;
    }
    Set<Labels> holding = new HashSet<>();
    Set<Labels> undecided = new HashSet<>();
    List<Held> held = new ArrayList<>();
    int series = 0;
    int unknownSeries = 0;
    List<SeriesScope> scopes;
    try {
      scopes = RuleSeries.of(rule.series(), source, settings, now, deadline);
    } catch (SeriesQueries.UnknownQuery e) {
      scopes = List.of();
      run.errorsTotal++;
      run.lastError = "series: " + e.getMessage();
      run.instances.keySet().forEach(undecided::add);
    }
    for (SeriesScope scope : scopes) {
      deadline.check();
      series++;
      Labels labels = alertLabels(rule, scope.labels());
      Outcome outcome = rule.condition().evaluate(scope);
      if (outcome.verdict() == Outcome.Verdict.TRUE && holding.contains(labels)) {
        outcome = Outcome.error("two series give the same alert labels " + labels);
      }
      switch (outcome.verdict()) {
        case TRUE:
          holding.add(labels);
          held.add(new Held(labels, scope.value(), render(run.rule, scope)));
          break;
        case FALSE:
          break;
        case UNKNOWN:
          unknownSeries++;
          undecided.add(labels);
          break;
        default:
          run.errorsTotal++;
          run.lastError = scope.labels() + ": " + outcome.reason();
          undecided.add(labels);
      }
    }
    // Past this point nothing is interrupted: a rule stopped above has changed nothing.
    deadline.check();
    run.series = series;
    run.unknownSeries = unknownSeries;
    for (Held h : held) {
      hold(run, h, now);
    }
    step(run, now, holding, undecided, transitions);
  }

  /**
   * A recording rule writes each series of its {@code series:} at {@code now}, under its name and
   * the series' labels with the rule's, for the rules after it (file order) to read. Two series
   * that end up with the same labels are an error for the second, as in Prometheus.
   */
  private void record(RuleRun run, long now, Deadline deadline) {
    AlertRule rule = run.rule;
    List<SeriesScope> scopes;
    try {
      scopes = RuleSeries.of(rule.series(), source, settings, now, deadline);
    } catch (SeriesQueries.UnknownQuery e) {
      run.errorsTotal++;
      run.lastError = "series: " + e.getMessage();
      return;
    }
    deadline.check();
    Map<Labels, Double> recorded = new LinkedHashMap<>();
    for (SeriesScope scope : scopes) {
      Labels labels = withRuleLabels(rule, scope.labels());
      if (recorded.putIfAbsent(labels, scope.value()) != null) {
        run.errorsTotal++;
        run.lastError = "two series give the same recorded labels " + labels;
      }
    }
    // Past this point nothing is interrupted: a rule stopped above has written nothing.
    recorded.forEach((labels, value) -> source.record(rule.name(), labels, now, value));
    for (Labels gone : run.recorded.keySet()) {
      if (!recorded.containsKey(gone)) {
        source.endRecorded(rule.name(), gone, now);
      }
    }
    run.recorded = Collections.unmodifiableMap(recorded);
    run.series = recorded.size();
    run.unknownSeries = 0;
  }

  /** A series whose condition holds, with what its instance shows. */
  private record Held(Labels labels, double value, Map<String, String> annotations) {}

  private static Map<String, String> render(AlertRule rule, SeriesScope scope) {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (Map.Entry<String, Template> a : rule.annotations().entrySet()) {
      annotations.put(a.getKey(), a.getValue().render(scope));
    }
    return Map.copyOf(annotations);
  }

  private void hold(RuleRun run, Held held, long now) {
    AlertInstance instance = run.instances.get(held.labels());
    if (instance == null && !room(run)) {
      if (run.alertsDroppedTotal++ == 0) {
        LOG.warn(
            "rule {} (group {}): no alert for {}: the rules hold alerting.max-alerts ({}) alerts;"
                + " kshealth_rule_alerts_dropped_total counts those not made",
            run.rule.name(),
            run.rule.group(),
            held.labels(),
            settings.maxAlerts());
      }
      run.lastError =
          "alerting.max-alerts ("
              + settings.maxAlerts()
              + ") alerts held: no alert made for "
              + held.labels();
      return;
    }
    if (instance == null || instance.state == AlertState.INACTIVE) {
      if (instance == null) {
        alertCount++;
      }
      instance = new AlertInstance(held.labels(), now);
      run.instances.put(held.labels(), instance);
      changed = true;
      if (!run.rule.evidence().isEmpty()) {
        wentPending.add(new WentPending(run.rule, held.labels()));
      }
    }
    instance.value = held.value();
    instance.annotations = held.annotations();
  }

  /**
   * Whether a new instance of the rule fits: within {@code max-alerts}, or the rule's first, so
   * that every rule can fire (the one on dropped alerts among them).
   */
  private boolean room(RuleRun run) {
    return alertCount < settings.maxAlerts() || run.instances.isEmpty();
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
        alertCount--;
        changed = true;
      } else if (a.state == AlertState.FIRING && !keepFiring) {
        a.state = AlertState.INACTIVE;
        a.resolvedAtMillis = now;
        out.add(new Transition(a.view(run.rule.name()), Transition.Kind.RESOLVED));
        changed = true;
      }
    }
  }

  /** The series' labels and the rule's; a rule label set to "" removes it, as in Prometheus. */
  private static Labels alertLabels(AlertRule rule, Labels series) {
    Map<String, String> labels = withRuleLabels(rule, series).asMap();
    labels.put("alertname", rule.name());
    return Labels.of(labels);
  }

  private static Labels withRuleLabels(AlertRule rule, Labels series) {
    Map<String, String> labels = series.asMap();
    rule.labels()
        .forEach(
            (name, value) -> {
              if (value.isEmpty()) {
                labels.remove(name);
              } else {
                labels.put(name, value);
              }
            });
    return Labels.of(labels);
  }

  /**
   * The last evaluation's result, from any thread, without waiting. A rule whose evaluation is
   * running past its round's deadline right now (stuck where it cannot check it) shows as skipped.
   */
  public EngineResult result() {
    EngineResult published = result;
    InFlight now = inFlight;
    if (now == null || !now.deadline().passed()) {
      return published;
    }
    List<RuleHealth> health = new ArrayList<>(published.health());
    health.set(now.rule(), health.get(now.rule()).stuck(now.deadlineMillis()));
    return new EngineResult(
        published.evaluatedAtMillis(),
        published.alerts(),
        health,
        published.saved(),
        published.recorded());
  }

  /**
   * An alert instance that went pending, of a rule that asks for evidence: the moment to capture
   * it, while the app is still stuck.
   */
  public record WentPending(AlertRule rule, Labels labels) {}

  /**
   * The instances of rules that ask for evidence that went pending since the last call, once each
   * (a restored instance did not go pending here); call from the evaluating thread. Only those
   * rules' are kept: nothing else needs them, and what is never taken stays small.
   */
  public List<WentPending> takeWentPending() {
    List<WentPending> taken = List.copyOf(wentPending);
    wentPending.clear();
    return taken;
  }

  /** True once after any instance was added, removed or changed state: time to save. */
  public boolean takeChanged() {
    boolean was = changed;
    changed = false;
    return was;
  }

  private void publish(long evaluatedAtMillis) {
    result = RuleRun.publish(evaluatedAtMillis, rules);
  }

  /**
   * Puts saved instances back under the rules that still exist, before the first evaluation;
   * returns how many.
   */
  public int restore(List<SavedAlert> saved) {
    Map<RuleRun.Key, RuleRun> byKey = new HashMap<>();
    for (RuleRun run : rules) {
      byKey.put(run.key, run);
    }
    int restored = 0;
    for (SavedAlert s : saved) {
      RuleRun run = byKey.get(new RuleRun.Key(s.group(), s.rule(), s.ordinal()));
      if (run == null
          || s.state() == AlertState.INACTIVE && s.resolvedAtMillis() == 0
          || !room(run)) {
        continue;
      }
      AlertInstance a = new AlertInstance(Labels.of(s.labels()), s.activeAtMillis());
      a.state = s.state();
      a.value = s.value();
      a.annotations = s.annotations();
      a.firedAtMillis = s.firedAtMillis();
      a.resolvedAtMillis = s.resolvedAtMillis();
      a.keepFiringSinceMillis = s.keepFiringSinceMillis();
      if (run.instances.put(a.labels, a) == null) {
        alertCount++;
      }
      restored++;
    }
    publish(result.evaluatedAtMillis());
    return restored;
  }
}
