package io.kshealth.alerts.rules;

import java.nio.file.Path;
import java.util.List;

/** The rules loaded from a set of files, in file and group order. */
public record RuleSet(List<Path> files, List<AlertRule> rules) {

  public RuleSet {
    files = List.copyOf(files);
    rules = List.copyOf(rules);
  }

  public static final RuleSet EMPTY = new RuleSet(List.of(), List.of());
}
