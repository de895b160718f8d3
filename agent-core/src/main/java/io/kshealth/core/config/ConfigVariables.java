package io.kshealth.core.config;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where the {@code ${NAME}} and {@code ${NAME:-default}} of a YAML file take their values: the
 * environment for the agent's config, the alerting parameters for rule files.
 */
public interface ConfigVariables {

  /**
   * The value of {@code name}, or null when it has none. {@code fallback} is the default written
   * after {@code :-}, or null when none is written; the file uses it when this returns null.
   */
  @Nullable String value(String name, @Nullable String fallback);

  /** What a variable is called in messages: "environment variable X is not set". */
  default String kind() {
    return "environment variable";
  }

  /** Variables read from a map such as {@code System::getenv}. */
  static ConfigVariables of(Function<String, String> values) {
    return (name, fallback) -> values.apply(name);
  }
}
