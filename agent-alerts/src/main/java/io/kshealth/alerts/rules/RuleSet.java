package io.kshealth.alerts.rules;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The rules loaded from a set of files, in file and group order, with the parameters those files
 * read, by name.
 */
public record RuleSet(List<Path> files, List<AlertRule> rules, Map<String, Parameter> parameters) {

  /**
   * One parameter as the rules use it.
   *
   * @param value what the rules read: the configured value, else the default
   * @param defaultValue the default written in the rule files; null when they give none
   * @param configured whether {@code alerting.parameters} sets it
   */
  public record Parameter(String value, @Nullable String defaultValue, boolean configured) {}

  public RuleSet {
    files = List.copyOf(files);
    rules = List.copyOf(rules);
    parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
  }

  public RuleSet(List<Path> files, List<AlertRule> rules) {
    this(files, rules, Map.of());
  }

  public static final RuleSet EMPTY = new RuleSet(List.of(), List.of());
}
