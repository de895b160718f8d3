package io.kshealth.alerts.ruletest;

import io.kshealth.alerts.query.SeriesSelector;
import io.kshealth.api.Labels;
import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.config.Units;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule unit-test file in promtool's format ({@code rule_files}, {@code evaluation_interval},
 * {@code tests} with {@code input_series}, {@code alert_rule_test} and {@code promql_expr_test} of
 * plain selectors), read with every error at its line and column.
 */
record RuleTestFile(
    Path path, List<Path> ruleFiles, Duration evaluationInterval, List<Test> tests) {

  record Test(
      String name,
      Duration interval,
      List<Input> inputs,
      List<Check> checks,
      List<ExprCheck> exprChecks) {}

  record Input(String metric, Labels labels, List<SeriesValues.Step> steps) {}

  record Check(Duration evalTime, String alertName, List<Expected> expected) {}

  record Expected(Map<String, String> labels, Map<String, String> annotations) {}

  /**
   * A {@code promql_expr_test} of a plain selector: the series it selects at {@code evalTime}.
   *
   * @param expr as written, for messages
   */
  record ExprCheck(
      Duration evalTime, String expr, SeriesSelector selector, List<ExpectedSample> samples) {}

  /** One sample, expected or selected: its metric name, labels and value. */
  record ExpectedSample(String metric, Labels labels, double value) {

    @Override
    public String toString() {
      return metric + labels + " " + value;
    }
  }

  private static final Duration MINUTE = Duration.ofMinutes(1);

  /**
   * Evaluations one test may ask for (eval_time over evaluation_interval), so none runs for days.
   */
  static final long MAX_EVALUATIONS = 10_000;

  static RuleTestFile read(Path path) throws ConfigException {
    ConfigDocument doc = ConfigDocument.read(path, name -> null);
    ConfigNode root = doc.root();
    Path dir = Objects.requireNonNull(path.toAbsolutePath().getParent(), "a file has a directory");
    List<Path> ruleFiles = new ArrayList<>();
    for (String f : root.strings("rule_files")) {
      ruleFiles.add(dir.resolve(f).normalize());
    }
    if (ruleFiles.isEmpty()) {
      root.error("rule_files", "list the rule files these tests are for");
    }
    Duration evaluationInterval = root.duration("evaluation_interval", MINUTE);
    root.strings("group_eval_order"); // one engine evaluates all rules at once: order is moot
    List<Test> tests = new ArrayList<>();
    for (ConfigNode t : root.list("tests")) {
      tests.add(test(t, tests.size(), evaluationInterval));
      t.finish();
    }
    root.finish();
    doc.throwIfErrors();
    return new RuleTestFile(path, ruleFiles, evaluationInterval, tests);
  }

  private static Test test(ConfigNode t, int index, Duration evaluationInterval) {
    String name = t.string("name", "test " + (index + 1));
    Duration interval = t.duration("interval", MINUTE);
    t.stringMap("external_labels"); // alerts are compared without them, as promtool does
    t.optionalString("external_url");
    List<Input> inputs = new ArrayList<>();
    for (ConfigNode in : t.list("input_series")) {
      input(in).ifPresent(inputs::add);
      in.finish();
    }
    List<Check> checks = new ArrayList<>();
    for (ConfigNode c : t.list("alert_rule_test")) {
      checks.add(check(c, evaluationInterval));
      c.finish();
    }
    List<ExprCheck> exprChecks = new ArrayList<>();
    for (ConfigNode c : t.list("promql_expr_test")) {
      exprCheck(c, evaluationInterval).ifPresent(exprChecks::add);
      c.finish();
    }
    return new Test(name, interval, inputs, checks, exprChecks);
  }

  /**
   * A {@code promql_expr_test}; only a plain selector ({@code name{labels}}), what reads a recorded
   * series, since kshealth rules hold CEL rather than PromQL.
   */
  private static Optional<ExprCheck> exprCheck(ConfigNode c, Duration evaluationInterval) {
    Duration evalTime = evalTime(c, evaluationInterval);
    Optional<String> expr = c.optionalString("expr");
    Optional<SeriesSelector> selector = Optional.empty();
    if (expr.isEmpty()) {
      c.error("expr", "missing 'expr': a selector such as 'name{label=\"value\"}'");
    } else {
      try {
        selector = Optional.of(SeriesSelector.parse(expr.get()));
      } catch (IllegalArgumentException e) {
        c.error(
            "expr",
            "only a plain selector (name{labels}) can be tested here, kshealth rules hold CEL: "
                + e.getMessage());
      }
    }
    List<ExpectedSample> samples = new ArrayList<>();
    for (ConfigNode e : c.list("exp_samples")) {
      String labels = e.string("labels", "");
      String value = e.string("value", "");
      try {
        SeriesSelector s = SeriesSelector.parse(labels);
        samples.add(new ExpectedSample(s.metric(), s.exactLabels(), sampleValue(value)));
      } catch (NumberFormatException ex) {
        e.error("value", "cannot read '" + value + "' as a number");
      } catch (IllegalArgumentException ex) {
        e.error("labels", "cannot read '" + labels + "': " + ex.getMessage());
      }
      e.finish();
    }
    if (expr.isEmpty() || selector.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ExprCheck(evalTime, expr.get(), selector.get(), samples));
  }

  private static Optional<Input> input(ConfigNode in) {
    Optional<String> series = in.optionalString("series");
    String values = in.string("values", "");
    if (series.isEmpty()) {
      in.error("series", "missing 'series', such as 'metric{label=\"value\"}'");
      return Optional.empty();
    }
    try {
      SeriesSelector selector = SeriesSelector.parse(series.get());
      return Optional.of(
          new Input(selector.metric(), selector.exactLabels(), SeriesValues.parse(values)));
    } catch (IllegalArgumentException e) {
      String message = Objects.toString(e.getMessage(), e.toString());
      in.error(message.startsWith("cannot read '") ? "values" : "series", message);
      return Optional.empty();
    }
  }

  private static Check check(ConfigNode c, Duration evaluationInterval) {
    Duration evalTime = evalTime(c, evaluationInterval);
    Optional<String> alertName = c.optionalString("alertname");
    if (alertName.isEmpty()) {
      c.error("alertname", "missing 'alertname'");
    }
    List<Expected> expected = new ArrayList<>();
    for (ConfigNode e : c.list("exp_alerts")) {
      expected.add(new Expected(e.stringMap("exp_labels"), e.stringMap("exp_annotations")));
      e.finish();
    }
    return new Check(evalTime, alertName.orElse(""), expected);
  }

  /**
   * A value as Prometheus writes it: a number, {@code NaN}, {@code Inf}, {@code +Inf}, {@code
   * -Inf}.
   */
  private static double sampleValue(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text.trim());
    };
  }

  private static Duration evalTime(ConfigNode c, Duration evaluationInterval) {
    Duration evalTime = c.durationOrZero("eval_time", Duration.ZERO);
    if (evalTime.toMillis() / evaluationInterval.toMillis() > MAX_EVALUATIONS) {
      c.error(
          "eval_time",
          "needs more than "
              + MAX_EVALUATIONS
              + " evaluations at evaluation_interval "
              + Units.formatDuration(evaluationInterval)
              + ": test a shorter time or evaluate less often");
      evalTime = Duration.ZERO;
    }
    return evalTime;
  }
}
