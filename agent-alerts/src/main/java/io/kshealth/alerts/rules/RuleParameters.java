package io.kshealth.alerts.rules;

import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigVariables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The values rule files read as {@code ${name:-default}}: the agent config's {@code
 * alerting.parameters}, else the default written in the file. A rule pack's thresholds, horizons,
 * windows and {@code for} durations are parameters, so an operator tunes them without copying the
 * pack, and {@code kshealth rules test} (no parameters) tests the defaults, which the Prometheus
 * twin writes literally.
 *
 * <p>It records every parameter the files use, so that a parameter used with two different defaults
 * is an error (the pack would mean two things), and a configured one that no rule uses can be
 * reported (a typo would otherwise change nothing, silently). One instance per load.
 */
final class RuleParameters {

  /** One parameter's use: the default written after {@code :-}, null when none is. */
  private record Use(@Nullable String fallback, Path file) {}

  private final Map<String, String> given;
  private final Map<String, Use> used = new TreeMap<>();
  private final List<ConfigError> errors;

  RuleParameters(Map<String, String> given, List<ConfigError> errors) {
    this.given = given;
    this.errors = errors;
  }

  /** The variables of one rule file. */
  ConfigVariables of(Path file) {
    return new ConfigVariables() {
      @Override
      public @Nullable String value(String name, @Nullable String fallback) {
        Use first = used.putIfAbsent(name, new Use(fallback, file));
        if (first != null && !Objects.equals(first.fallback(), fallback)) {
          errors.add(
              new ConfigError(
                  file.toString(),
                  0,
                  0,
                  "",
                  "parameter "
                      + name
                      + " has the default "
                      + describe(fallback)
                      + " here but "
                      + describe(first.fallback())
                      + " in "
                      + first.file()
                      + ": one parameter, one meaning"));
        }
        return given.get(name);
      }

      @Override
      public String kind() {
        return "parameter";
      }
    };
  }

  /**
   * Every parameter the files used: its value in effect and its default (null when none). Only a
   * load without errors asks, so each has a value: one with neither a value nor a default was
   * reported as not set.
   */
  Map<String, RuleSet.Parameter> used() {
    Map<String, RuleSet.Parameter> out = new TreeMap<>();
    used.forEach(
        (name, use) ->
            out.put(
                name,
                new RuleSet.Parameter(
                    Objects.requireNonNull(
                        given.getOrDefault(name, use.fallback()),
                        "asked after a load without errors"),
                    use.fallback(),
                    given.containsKey(name))));
    return out;
  }

  private static String describe(@Nullable String fallback) {
    return fallback == null ? "(none)" : "'" + fallback + "'";
  }
}
