package io.kshealth.alerts.ruletest;

import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.engine.EngineSettings;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.config.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a test file as promtool does: every rule is evaluated at 0, one evaluation interval, two… up
 * to the last {@code eval_time}; each check compares the alerts of its name that are firing after
 * the last evaluation at or before its time with the expected ones, as unordered sets of labels
 * (with {@code alertname}) and annotations. The history window is the agent's default.
 */
final class RuleTestRunner {

  /** How far back a selector finds a series' newest sample, as in Prometheus. */
  private static final Duration LOOKBACK = Duration.ofMinutes(5);

  private final RuleLoader loader;
  private final PrintWriter out;

  RuleTestRunner(RuleLoader loader, PrintWriter out) {
    this.loader = loader;
    this.out = out;
  }

  /** True when every check passed; prints a diff for each that did not. */
  boolean run(RuleTestFile file) throws ConfigException {
    RuleSet rules = loader.load(file.ruleFiles());
    List<String> failures = new ArrayList<>();
    for (RuleTestFile.Test test : file.tests()) {
      failures.addAll(run(test, rules, file.evaluationInterval().toMillis()));
    }
    out.println("Unit Testing:  " + file.path());
    if (failures.isEmpty()) {
      out.println("  SUCCESS");
    } else {
      out.println("  FAILED:");
      failures.forEach(out::print);
    }
    out.println();
    out.flush();
    return failures.isEmpty();
  }

  private List<String> run(RuleTestFile.Test test, RuleSet rules, long intervalMillis) {
    TestSeries source = new TestSeries();
    for (RuleTestFile.Input in : test.inputs()) {
      source.add(in.metric(), in.labels(), in.steps(), test.interval().toMillis());
    }
    EngineSettings settings =
        new EngineSettings(
            Duration.ofMinutes(5),
            HistoryConfig.DEFAULT_WINDOW,
            Duration.ofMinutes(15),
            Duration.ofMillis(intervalMillis),
            EngineSettings.UNBOUNDED);
    AlertEngine engine = new AlertEngine(rules, source, settings);
    List<RuleTestFile.Check> checks = new ArrayList<>(test.checks());
    checks.sort(Comparator.comparing(RuleTestFile.Check::evalTime));
    List<RuleTestFile.ExprCheck> exprChecks = new ArrayList<>(test.exprChecks());
    exprChecks.sort(Comparator.comparing(RuleTestFile.ExprCheck::evalTime));
    long last = checks.isEmpty() ? 0 : checks.get(checks.size() - 1).evalTime().toMillis();
    if (!exprChecks.isEmpty()) {
      last = Math.max(last, exprChecks.get(exprChecks.size() - 1).evalTime().toMillis());
    }
    List<String> failures = new ArrayList<>();
    int next = 0;
    int nextExpr = 0;
    for (long ts = 0; ts <= last; ts += intervalMillis) {
      source.setNow(ts);
      engine.evaluate(ts);
      while (nextExpr < exprChecks.size()
          && exprChecks.get(nextExpr).evalTime().toMillis() < ts + intervalMillis) {
        RuleTestFile.ExprCheck check = exprChecks.get(nextExpr++);
        source.setNow(check.evalTime().toMillis());
        String diff = SampleDiff.of(check.samples(), selected(source, check));
        source.setNow(ts);
        if (!diff.isEmpty()) {
          failures.add(
              "    "
                  + test.name()
                  + ": expr \""
                  + check.expr()
                  + "\" at "
                  + Units.formatDuration(check.evalTime())
                  + " (- expected, + got):\n"
                  + diff);
        }
      }
      while (next < checks.size() && checks.get(next).evalTime().toMillis() < ts + intervalMillis) {
        RuleTestFile.Check check = checks.get(next++);
        String diff =
            AlertDiff.of(expected(check), firing(engine.result().alerts(), check.alertName()));
        if (!diff.isEmpty()) {
          failures.add(
              "    "
                  + test.name()
                  + ": alert "
                  + check.alertName()
                  + " at "
                  + Units.formatDuration(check.evalTime())
                  + " (- expected, + got):\n"
                  + diff);
        }
      }
    }
    return failures;
  }

  /**
   * The series a plain selector reads at the source's time: each one's newest sample within
   * Prometheus' 5 minute lookback, labelled with {@code __name__}.
   */
  private static List<RuleTestFile.ExpectedSample> selected(
      TestSeries source, RuleTestFile.ExprCheck check) {
    long now = check.evalTime().toMillis();
    String metric = check.selector().metric();
    List<RuleTestFile.ExpectedSample> got = new ArrayList<>();
    source
        .series(metric)
        .forEach(
            (labels, points) -> {
              int newest = points.size() - 1;
              if (check.selector().matches(labels)
                  && newest >= 0
                  && points.times()[newest] > now - LOOKBACK.toMillis()) {
                got.add(new RuleTestFile.ExpectedSample(metric, labels, points.values()[newest]));
              }
            });
    return got;
  }

  /** Expected and selected samples as lines marked {@code -} and {@code +}; empty when equal. */
  static final class SampleDiff {

    private SampleDiff() {}

    static String of(
        List<RuleTestFile.ExpectedSample> expected, List<RuleTestFile.ExpectedSample> got) {
      List<RuleTestFile.ExpectedSample> extra = new ArrayList<>(got);
      StringBuilder sb = new StringBuilder();
      for (RuleTestFile.ExpectedSample e : expected) {
        int match = -1;
        for (int i = 0; i < extra.size() && match < 0; i++) {
          RuleTestFile.ExpectedSample g = extra.get(i);
          if (g.metric().equals(e.metric())
              && g.labels().equals(e.labels())
              && sameValue(g.value(), e.value())) {
            match = i;
          }
        }
        if (match >= 0) {
          extra.remove(match);
        } else {
          sb.append("      - ").append(e).append('\n');
        }
      }
      extra.forEach(g -> sb.append("      + ").append(g).append('\n'));
      return sb.toString();
    }

    /** As promtool compares: NaN equals NaN, and floats within a relative 1e-6. */
    private static boolean sameValue(double a, double b) {
      if (Double.isNaN(a) || Double.isNaN(b)) {
        return Double.isNaN(a) && Double.isNaN(b);
      }
      if (a == b) {
        return true;
      }
      return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
    }
  }

  private static List<AlertDiff.Item> expected(RuleTestFile.Check check) {
    List<AlertDiff.Item> items = new ArrayList<>();
    for (RuleTestFile.Expected e : check.expected()) {
      Map<String, String> labels = new TreeMap<>(e.labels());
      labels.put("alertname", check.alertName());
      items.add(new AlertDiff.Item(labels, new TreeMap<>(e.annotations())));
    }
    return items;
  }

  private static List<AlertDiff.Item> firing(List<Alert> alerts, String name) {
    List<AlertDiff.Item> items = new ArrayList<>();
    for (Alert a : alerts) {
      if (a.state() == AlertState.FIRING && a.rule().equals(name)) {
        items.add(
            new AlertDiff.Item(new TreeMap<>(a.labels().asMap()), new TreeMap<>(a.annotations())));
      }
    }
    return items;
  }

  /** Expected and actual alerts as lines marked {@code -} and {@code +}; empty when they agree. */
  static final class AlertDiff {

    record Item(Map<String, String> labels, Map<String, String> annotations) {}

    private AlertDiff() {}

    static String of(List<Item> expected, List<Item> got) {
      List<Item> missing = new ArrayList<>(expected);
      List<Item> extra = new ArrayList<>();
      for (Item g : got) {
        if (!missing.remove(g)) {
          extra.add(g);
        }
      }
      StringBuilder sb = new StringBuilder();
      Map<Map<String, String>, Item> extraByLabels = new LinkedHashMap<>();
      extra.forEach(i -> extraByLabels.put(i.labels(), i));
      for (Item m : missing) {
        Item sameLabels = extraByLabels.remove(m.labels());
        if (sameLabels != null) {
          sb.append("      ~ ").append(m.labels()).append(" annotations differ:\n");
          annotationDiff(sb, m.annotations(), sameLabels.annotations());
        } else {
          item(sb, "-", m);
        }
      }
      extraByLabels.values().forEach(i -> item(sb, "+", i));
      return sb.toString();
    }

    private static void item(StringBuilder sb, String mark, Item i) {
      sb.append("      ").append(mark).append(' ').append(i.labels()).append('\n');
      i.annotations()
          .forEach(
              (k, v) -> sb.append("          ").append(k).append(": \"").append(v).append("\"\n"));
    }

    private static void annotationDiff(
        StringBuilder sb, Map<String, String> expected, Map<String, String> got) {
      TreeMap<String, String> keys = new TreeMap<>(expected);
      got.forEach(keys::putIfAbsent);
      for (String k : keys.keySet()) {
        String e = expected.get(k);
        String g = got.get(k);
        if (e == null ? g != null : !e.equals(g)) {
          sb.append("          ").append(k).append(":\n");
          if (e != null) {
            sb.append("            - \"").append(e).append("\"\n");
          }
          if (g != null) {
            sb.append("            + \"").append(g).append("\"\n");
          }
        }
      }
    }
  }
}
