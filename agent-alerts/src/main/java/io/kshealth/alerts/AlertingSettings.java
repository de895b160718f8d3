package io.kshealth.alerts;

import io.kshealth.alerts.evidence.EvidenceSettings;
import io.kshealth.alerts.expr.CheckedExpressions;
import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.notify.NotifierConfig;
import io.kshealth.alerts.notify.NotifierFactories;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.HeapBound;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.config.Units;
import io.kshealth.core.extension.Extension;
import io.kshealth.core.extension.ExtensionContext;
import io.kshealth.core.extension.ExtensionSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code alerting:} section, parsed once; the rule files are loaded and compiled here too, so
 * {@code check-config} reports a broken rule before the agent runs.
 *
 * @param rulePaths rule files and directories, relative paths resolved against the config file
 * @param parameters the values rule files read as {@code ${name:-default}} in place of the default
 * @param externalLabels added to every alert sent (by default {@code instance}: this host's name),
 *     so that the same alert from two hosts stays two alerts in Alertmanager
 * @param externalUrl the agent's URL as receivers should link to it; empty: the listen address
 * @param evaluationInterval the longest time between evaluations, when no new samples arrive
 * @param evaluationDelay how long after new samples the rules evaluate (see {@link EvaluationPace})
 * @param evaluationMinGap the shortest time between the starts of two evaluations
 * @param evidence how alerts that ask for evidence capture it (docs/evidence.md)
 * @param exposeRecorded whether {@code /metrics} shows the recording rules' series (off by default:
 *     a Prometheus that scrapes the agent runs the pack's twin, whose recording rules write the
 *     same names)
 * @param maxAlerts the most alert instances held at once, besides each rule's first
 */
record AlertingSettings(
    RuleLanguage language,
    List<Path> rulePaths,
    Map<String, String> parameters,
    RuleSet rules,
    Duration evaluationInterval,
    Duration evaluationDelay,
    Duration evaluationMinGap,
    Duration evaluationTimeout,
    Duration lookback,
    Duration resendDelay,
    Duration resolvedRetention,
    Map<String, String> externalLabels,
    String externalUrl,
    List<NotifierConfig> notifiers,
    OutboxSettings outbox,
    EvidenceSettings evidence,
    boolean exposeRecorded,
    int maxAlerts)
    implements ExtensionSettings {

  static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofSeconds(15);

  /** Collectors that start together finish within about a second of each other. */
  static final Duration DEFAULT_EVALUATION_DELAY = Duration.ofSeconds(1);

  /**
   * Half the default 10s collection interval: a sample waits at most the longer of the two (5s) for
   * the rules, and the agent's own samples (one point per evaluation) are never denser than the 5s
   * of the shortest default collector, which the history's heap estimate counts with.
   */
  static final Duration DEFAULT_EVALUATION_MIN_GAP = Duration.ofSeconds(5);

  /**
   * How notifications wait for a receiver that is down.
   *
   * @param memoryBytes the heap one notifier's queued batches may take; the rest waits on disk
   */
  record OutboxSettings(int maxEntries, long memoryBytes, Duration retryMin, Duration retryMax) {}

  static final long DEFAULT_OUTBOX_MEMORY = 2L * 1024 * 1024;

  /**
   * Room for a rule per partition firing on 500 partitions, within the launcher's heap beside the
   * shipped history and lag bounds with two notifiers.
   */
  static final int DEFAULT_MAX_ALERTS = 500;

  /**
   * Heap per alert instance: its state, labels and rendered annotations and the copies published
   * after each evaluation (the alert, its saved state), 1,290 bytes with annotations of the rule
   * pack's length as measured by bench/alert-memory.sh (docs/benchmarks.md), with room for its
   * share of the state file and the notifications being written.
   */
  static final long BYTES_PER_ALERT = 2_048;

  /**
   * Heap per rule loaded: about 14 KiB compiled for a rule like the pack's (docs/alerting.md,
   * "Bounds"), and its first alert, which every rule can make beyond {@code max-alerts}.
   */
  static final long BYTES_PER_RULE = 14 * 1024 + BYTES_PER_ALERT;

  static AlertingSettings parse(ConfigNode node, Path configDir, NotifierFactories factories) {
    String rulesCache = node.string("rules-cache", "");
    CheckedExpressions checked =
        rulesCache.isEmpty()
            ? CheckedExpressions.none()
            : CheckedExpressions.open(configDir.resolve(rulesCache));
    RuleLanguage language = RuleLanguage.standard(checked);
    List<Path> rulePaths =
        node.strings("rules").stream().map(configDir::resolve).collect(Collectors.toList());
    if (rulePaths.isEmpty()) {
      node.error("rules", "list the rule files or directories to load, such as [rules/]");
    }
    Map<String, String> parameters = node.stringMap("parameters");
    Duration evaluationInterval = node.duration("evaluation-interval", DEFAULT_EVALUATION_INTERVAL);
    Duration evaluationDelay =
        node.duration(
            "evaluation-delay",
            DEFAULT_EVALUATION_DELAY.compareTo(evaluationInterval) < 0
                ? DEFAULT_EVALUATION_DELAY
                : evaluationInterval.dividedBy(2));
    if (evaluationDelay.compareTo(evaluationInterval) >= 0) {
      node.error(
          "evaluation-delay",
          "must be less than the evaluation-interval ("
              + Units.formatDuration(evaluationInterval)
              + ")");
    }
    Duration evaluationMinGap =
        node.duration(
            "evaluation-min-gap",
            DEFAULT_EVALUATION_MIN_GAP.compareTo(evaluationInterval) < 0
                ? DEFAULT_EVALUATION_MIN_GAP
                : evaluationInterval);
    if (evaluationMinGap.isZero() || evaluationMinGap.compareTo(evaluationInterval) > 0) {
      node.error(
          "evaluation-min-gap",
          "must be more than 0s and at most the evaluation-interval ("
              + Units.formatDuration(evaluationInterval)
              + ")");
    }
    // Half the interval by default: a round that takes longer delays the next one.
    Duration evaluationTimeout =
        node.duration("evaluation-timeout", evaluationInterval.dividedBy(2));
    if (evaluationTimeout.isZero() || evaluationTimeout.compareTo(evaluationInterval) > 0) {
      node.error(
          "evaluation-timeout",
          "must be more than 0s and at most the evaluation-interval ("
              + Units.formatDuration(evaluationInterval)
              + ")");
    }
    Duration lookback = node.duration("lookback", Duration.ofMinutes(5));
    Duration resendDelay = node.duration("resend-delay", Duration.ofMinutes(1));
    Duration resolvedRetention = node.duration("resolved-retention", Duration.ofMinutes(15));
    Map<String, String> externalLabels =
        node.has("external-labels")
            ? node.stringMap("external-labels")
            : Map.of("instance", hostName());
    String externalUrl = node.string("external-url", "");
    List<NotifierConfig> notifiers = NotifierConfig.parse(node.map("notifiers"), factories);
    ConfigNode outboxNode = node.map("outbox");
    OutboxSettings outbox =
        new OutboxSettings(
            outboxNode.integer("max-entries", 1000, 1, 1_000_000),
            outboxNode.size("memory", DEFAULT_OUTBOX_MEMORY),
            outboxNode.duration("retry-min", Duration.ofSeconds(1)),
            outboxNode.duration("retry-max", Duration.ofMinutes(1)));
    if (outbox.retryMax().compareTo(outbox.retryMin()) < 0) {
      outboxNode.error(
          "retry-max",
          "must be at least the retry-min (" + Units.formatDuration(outbox.retryMin()) + ")");
    }
    outboxNode.finish();
    EvidenceSettings evidence = EvidenceSettings.parse(node.map("evidence"));
    boolean exposeRecorded = node.bool("expose-recorded", false);
    int maxAlerts = node.integer("max-alerts", DEFAULT_MAX_ALERTS, 1, 10_000_000);
    RuleSet rules = RuleSet.EMPTY;
    if (!rulePaths.isEmpty()) {
      try {
        rules = new RuleLoader(language, parameters).load(rulePaths);
        checked.save();
        ConfigNode parameterNode = node.map("parameters");
        for (String name : parameters.keySet()) {
          if (!rules.parameters().containsKey(name)) {
            parameterNode.errorAtKey(
                name,
                "no rule uses the parameter '"
                    + name
                    + "'"
                    + ConfigNode.closestName(name, rules.parameters().keySet())
                        .map(k -> "; did you mean '" + k + "'?")
                        .orElse(" (GET /api/v1/status lists the rules' parameters)"));
          }
        }
      } catch (ConfigException e) {
        node.error("rules", "the rule files have errors:\n" + e.getMessage());
      }
    }
    return new AlertingSettings(
        language,
        rulePaths,
        parameters,
        rules,
        evaluationInterval,
        evaluationDelay,
        evaluationMinGap,
        evaluationTimeout,
        lookback,
        resendDelay,
        resolvedRetention,
        externalLabels,
        externalUrl,
        notifiers,
        outbox,
        evidence,
        exposeRecorded,
        maxAlerts);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** How long Alertmanager should consider a firing alert current without hearing of it again. */
  Duration alertmanagerValidFor() {
    return (evaluationInterval.compareTo(resendDelay) > 0 ? evaluationInterval : resendDelay)
        .multipliedBy(4);
  }

  @Override
  public Extension start(ExtensionContext context) throws IOException {
    return Alerting.start(this, context);
  }

  /**
   * The rules loaded (at most 1,000, a limit of the rule files) with their first alerts, the other
   * alert instances at {@code max-alerts}, and each notifier's outbox at its {@code outbox.memory}
   * (the head batch being sent is within the reserve).
   */
  @Override
  public List<HeapBound> heapBounds() {
    List<HeapBound> bounds = new ArrayList<>();
    bounds.add(new HeapBound("rules", "rules", rules.rules().size(), BYTES_PER_RULE));
    bounds.add(new HeapBound("max-alerts", "alert instances", maxAlerts, BYTES_PER_ALERT));
    if (!notifiers.isEmpty()) {
      bounds.add(
          new HeapBound("outbox.memory", "notifier(s)", notifiers.size(), outbox.memoryBytes()));
    }
    return bounds;
  }

  @Override
  public String summary() {
    return rules.rules().size()
        + " rule(s) from "
        + rules.files().size()
        + " file(s), "
        + Units.formatDuration(evaluationDelay)
        + " after new samples (at least "
        + Units.formatDuration(evaluationMinGap)
        + " apart, at most "
        + Units.formatDuration(evaluationInterval)
        + ") within "
        + Units.formatDuration(evaluationTimeout)
        + "; notifiers: "
        + (notifiers.isEmpty()
            ? "none"
            : notifiers.stream().map(NotifierConfig::describe).collect(Collectors.joining(", ")));
  }
}
