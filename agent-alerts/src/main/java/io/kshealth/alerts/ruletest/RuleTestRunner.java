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
            Duration.ofMillis(intervalMillis));
    AlertEngine engine = new AlertEngine(rules, source, settings);
    List<RuleTestFile.Check> checks = new ArrayList<>(test.checks());
    checks.sort(Comparator.comparing(RuleTestFile.Check::evalTime));
    long last = checks.isEmpty() ? 0 : checks.get(checks.size() - 1).evalTime().toMillis();
    List<String> failures = new ArrayList<>();
    int next = 0;
    for (long ts = 0; ts <= last; ts += intervalMillis) {
      source.setNow(ts);
      engine.evaluate(ts);
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
