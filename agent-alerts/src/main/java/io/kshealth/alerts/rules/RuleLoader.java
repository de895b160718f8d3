package io.kshealth.alerts.rules;

import io.kshealth.alerts.expr.Condition;
import io.kshealth.alerts.expr.ExpressionException;
import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.expr.Template;
import io.kshealth.alerts.query.SeriesQuery;
import io.kshealth.api.Evidence;
import io.kshealth.api.Metric;
import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads rule files shaped like Prometheus alerting rules, compiling every expression and template,
 * and reports every problem of every file at once, each at its file:line:column with the rule's
 * name.
 *
 * <pre>{@code
 * groups:
 * - name: ebs
 *   rules:
 *   - alert: EbsBurstCreditsLow
 *     series: kshealth_ebs_burst_balance_ratio{volume_type="gp2"}
 *     expr: value < 0.2
 *     for: 5m
 *     labels: {severity: warning}
 *     annotations: {summary: "{{ labels.device }} has {{ humanizePercentage(value) }} left"}
 *     evidence: [threads]    # optional: captured when it goes pending (docs/evidence.md)
 * }</pre>
 */
public final class RuleLoader {

  private static final Pattern ALERT_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** What {@code evidence:} may ask for: the kinds the collectors capture (docs/evidence.md). */
  static final List<String> EVIDENCE_KINDS = List.of(Evidence.THREADS, Evidence.STOPPED_AT);

  private final RuleLanguage language;
  private final Map<String, String> parameters;

  /** A loader that gives every {@code ${name:-default}} its default. */
  public RuleLoader(RuleLanguage language) {
    this(language, Map.of());
  }

  /** A loader whose rule files read {@code parameters} (see {@link RuleParameters}). */
  public RuleLoader(RuleLanguage language, Map<String, String> parameters) {
    this.language = language;
    this.parameters = Map.copyOf(parameters);
  }

  /**
   * Loads rule files; a directory stands for every {@code *.yaml} and {@code *.yml} file directly
   * in it, in name order.
   */
  public RuleSet load(List<Path> filesOrDirectories) throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (Path path : filesOrDirectories) {
      expand(path, files, errors);
    }
    List<AlertRule> rules = new ArrayList<>();
    RuleParameters used = new RuleParameters(parameters, errors);
    RuleBounds bounds = new RuleBounds();
    for (Path file : files) {
      try {
        // ${name:-default} are parameters, never the environment: a rule means the same wherever
        // it is tested or run, unless the config says otherwise.
        ConfigDocument doc = ConfigDocument.read(file, used.of(file));
        ConfigNode root = doc.root();
        List<AlertRule> fileRules = groups(root, bounds);
        root.finish();
        doc.throwIfErrors();
        rules.addAll(fileRules);
      } catch (ConfigException e) {
        errors.addAll(e.errors());
      } catch (StackOverflowError | OutOfMemoryError e) {
        // Bounds above keep a file's rules small; this is the last guard (say, a YAML structure
        // too deep or too large), so that the caller gets a line naming the file, not a trace.
        errors.add(new ConfigError(file.toString(), 0, 0, "", tooLarge(e)));
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new RuleSet(files, rules, used.used());
  }

  private static String tooLarge(Error e) {
    return e instanceof StackOverflowError
        ? "cannot load: nested too deep to read (a stack overflow)"
        : "cannot load: too large for the agent's heap (" + e.getMessage() + ")";
  }

  private static void expand(Path path, List<Path> files, List<ConfigError> errors) {
    if (Files.isDirectory(path)) {
      try (Stream<Path> list = Files.list(path)) {
        list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        errors.add(new ConfigError(path.toString(), 0, 0, "", "cannot list directory: " + e));
      }
    } else if (Files.isRegularFile(path)) {
      files.add(path);
    } else {
      errors.add(new ConfigError(path.toString(), 0, 0, "", "no such rule file or directory"));
    }
  }

  private List<AlertRule> groups(ConfigNode root, RuleBounds bounds) {
    List<AlertRule> rules = new ArrayList<>();
    Set<String> groupNames = new HashSet<>();
    for (ConfigNode group : root.list("groups")) {
      String name = group.optionalString("name").orElse("");
      if (name.isBlank()) {
        group.error("name", "every group needs a name");
        name = "";
      } else if (!groupNames.add(name)) {
        group.error("name", "group name '" + name + "' is used twice in this file");
      }
      if (group.has("interval")) {
        group.error(
            "interval",
            "per-group intervals are not supported: every rule is evaluated each"
                + " alerting.evaluation-interval");
        group.optionalString("interval");
      }
      for (ConfigNode rule : group.list("rules")) {
        Optional<String> expr = rule.optionalString("expr");
        Map<String, String> annotations = rule.stringMap("annotations");
        if (!bounds.admit(rule, expr.orElse(""), annotations.values())) {
          return rules;
        }
        rule(name, rule, expr, annotations).ifPresent(rules::add);
        rule.finish();
      }
      group.finish();
    }
    return rules;
  }

  /** The rule, or empty when a part of it is missing or wrong (each reported at its key). */
  private Optional<AlertRule> rule(
      String group, ConfigNode node, Optional<String> expr, Map<String, String> annotationTexts) {
    if (node.has("record")) {
      return recording(group, node, expr, annotationTexts);
    }
    Optional<String> alert = node.optionalString("alert");
    String what = alert.map(a -> "rule '" + a + "'").orElse("rule");
    if (alert.isEmpty()) {
      node.error("alert", "missing 'alert': the alert's name");
    } else if (!ALERT_NAME.matcher(alert.get()).matches()) {
      node.error("alert", what + ": a name of letters, digits and underscores is needed");
    }
    Optional<SeriesQuery> series = series(node, what);
    Optional<Condition> condition = condition(node, expr, what);
    Duration forDuration = node.durationOrZero("for", Duration.ZERO);
    Duration keepFiringFor = node.durationOrZero("keep_firing_for", Duration.ZERO);
    Optional<Map<String, String>> labels = labels(node, what);
    Map<String, Template> annotations = annotations(node, annotationTexts, what);
    Set<String> evidence = evidence(node, what);
    if (alert.isEmpty()
        || expr.isEmpty()
        || series.isEmpty()
        || condition.isEmpty()
        || labels.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AlertRule(
            group,
            alert.get(),
            series.get(),
            condition.get(),
            expr.get(),
            forDuration,
            keepFiringFor,
            labels.get(),
            annotations,
            evidence,
            node.location()));
  }

  /**
   * A recording rule: {@code record:} names the series it writes, {@code series:} what it writes,
   * {@code labels:} what it adds; everything that only an alert has is a mistake here.
   */
  private Optional<AlertRule> recording(
      String group, ConfigNode node, Optional<String> expr, Map<String, String> annotationTexts) {
    Optional<String> record = node.optionalString("record");
    String what = record.map(r -> "recording rule '" + r + "'").orElse("recording rule");
    if (record.isEmpty()) {
      node.error("record", "missing 'record': the name of the series it writes");
    } else if (!Metric.isRecordedName(record.get())) {
      // Prometheus' level:metric:operations: a colon keeps a recorded series apart from every
      // collected one, in the history and on /metrics (alerting.expose-recorded).
      node.error(
          "record",
          what
              + ": a metric name with at least one colon is needed, as level:metric:operations"
              + " (letters, digits, underscores and colons), such as"
              + " group:kshealth_lag_records:sum");
    }
    if (node.has("alert")) {
      node.error("alert", what + ": a rule has either 'record' or 'alert'");
      node.optionalString("alert");
    }
    if (expr.isPresent() || node.has("expr")) {
      node.error("expr", what + ": a recording rule has no 'expr': it records its 'series'");
    }
    if (!annotationTexts.isEmpty() || node.has("annotations")) {
      node.error("annotations", what + ": a recording rule has no annotations");
    }
    for (String alertOnly : List.of("for", "keep_firing_for", "evidence")) {
      if (node.has(alertOnly)) {
        node.error(alertOnly, what + ": a recording rule has no '" + alertOnly + "'");
        node.optionalString(alertOnly);
      }
    }
    Optional<SeriesQuery> series = series(node, what);
    Map<String, String> labels = node.stringMap("labels");
    boolean labelsOk = true;
    for (String name : labels.keySet()) {
      if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        node.error("labels", what + ": '" + name + "' is not a valid label name");
        labelsOk = false;
      }
    }
    if (record.isEmpty() || series.isEmpty() || !labelsOk || node.has("expr")) {
      return Optional.empty();
    }
    Condition always;
    try {
      always = language.condition("true");
    } catch (ExpressionException e) {
      throw new IllegalStateException(e);
    }
    return Optional.of(
        new AlertRule(
            group,
            record.get(),
            series.get(),
            always,
            "",
            Duration.ZERO,
            Duration.ZERO,
            labels,
            Map.of(),
            Set.of(),
            node.location(),
            true));
  }

  /** The rule's {@code series:}, or empty when missing or unreadable (reported). */
  private static Optional<SeriesQuery> series(ConfigNode node, String what) {
    Optional<String> text = node.optionalString("series");
    if (text.isEmpty()) {
      if (!node.hasValue("series")) {
        node.error("series", what + ": missing 'series': the metric (and labels) it watches");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(SeriesQuery.parse(text.get()));
    } catch (IllegalArgumentException e) {
      node.error("series", what + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The rule's compiled condition, or empty when missing or wrong (reported). */
  private Optional<Condition> condition(ConfigNode node, Optional<String> expr, String what) {
    if (expr.isEmpty()) {
      if (!node.hasValue("expr")) { // else its value was reported already (an unset parameter)
        node.error("expr", what + ": missing 'expr'");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(language.condition(expr.get()));
    } catch (ExpressionException e) {
      node.error("expr", what + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The rule's labels, or empty when one is invalid or severity is missing (reported). */
  private static Optional<Map<String, String>> labels(ConfigNode node, String what) {
    Map<String, String> labels = node.stringMap("labels");
    boolean ok = true;
    for (String name : labels.keySet()) {
      if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        node.error("labels", what + ": '" + name + "' is not a valid label name");
        ok = false;
      } else if (name.equals("alertname")) {
        node.error("labels", what + ": 'alertname' is set from 'alert'");
        ok = false;
      }
    }
    if (!labels.containsKey("severity")) {
      node.error(
          "labels",
          what + ": labels.severity is required (critical, warning or info), for routing");
      ok = false;
    }
    return ok ? Optional.of(labels) : Optional.empty();
  }

  /** The kinds of evidence the rule asks for; an unknown kind is reported and left out. */
  private static Set<String> evidence(ConfigNode node, String what) {
    Set<String> kinds = new LinkedHashSet<>();
    for (String kind : node.strings("evidence")) {
      if (EVIDENCE_KINDS.contains(kind)) {
        kinds.add(kind);
      } else {
        node.error(
            "evidence",
            what
                + ": unknown kind of evidence '"
                + kind
                + "'; the kinds are "
                + String.join(", ", EVIDENCE_KINDS));
      }
    }
    return kinds;
  }

  private Map<String, Template> annotations(
      ConfigNode node, Map<String, String> texts, String what) {
    Map<String, Template> annotations = new LinkedHashMap<>();
    ConfigNode map = node.map("annotations");
    for (Map.Entry<String, String> e : texts.entrySet()) {
      try {
        annotations.put(e.getKey(), language.template(e.getValue()));
      } catch (ExpressionException ex) {
        map.error(e.getKey(), what + ": annotation " + e.getKey() + ": " + ex.getMessage());
      }
    }
    return annotations;
  }
}
