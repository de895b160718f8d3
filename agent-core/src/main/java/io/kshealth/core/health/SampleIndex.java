package io.kshealth.core.health;

import io.kshealth.api.Sample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleBinaryOperator;

/**
 * The latest samples of some collectors, looked up by metric name: the verdict reads collectors'
 * output as any consumer of {@code /metrics} does, by the documented metric names, never by their
 * classes.
 */
final class SampleIndex {

  private final Map<String, List<Sample>> byName = new LinkedHashMap<>();

  SampleIndex(Collection<Sample> samples) {
    for (Sample s : samples) {
      byName.computeIfAbsent(s.metric().name(), n -> new ArrayList<>()).add(s);
    }
  }

  List<Sample> all(String name) {
    return byName.getOrDefault(name, List.of());
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  /** The largest finite value of the metric over its series, if any. */
  OptionalDouble max(String name) {
    return fold(name, Math::max);
  }

  OptionalDouble min(String name) {
    return fold(name, Math::min);
  }

  OptionalDouble sum(String name) {
    return fold(name, Double::sum);
  }

  /** Of a one-hot metric (1 for the current state, 0 for the others): the current state's label. */
  List<String> hot(String name, String label) {
    List<String> hot = new ArrayList<>();
    for (Sample s : all(name)) {
      String value = s.labels().get(label);
      if (s.value() == 1.0 && value != null) {
        hot.add(value);
      }
    }
    return hot;
  }

  private OptionalDouble fold(String name, DoubleBinaryOperator op) {
    OptionalDouble result = OptionalDouble.empty();
    for (Sample s : all(name)) {
      if (Double.isFinite(s.value())) {
        result =
            OptionalDouble.of(
                result.isPresent() ? op.applyAsDouble(result.getAsDouble(), s.value()) : s.value());
      }
    }
    return result;
  }
}
