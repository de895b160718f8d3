package io.kshealth.core.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * What the collectors alone say of an area, before alerts: {@code OK} when it is seen, {@code
 * UNKNOWN} when the agent is blind to it, {@code NOT_APPLICABLE} when nothing feeds it; the reasons
 * for either, and the key facts.
 */
final class AreaReading {

  private Level level = Level.OK;
  private final List<String> reasons = new ArrayList<>();
  private final Map<String, @Nullable Object> facts = new LinkedHashMap<>();

  /** Starts from what the area's collectors show. */
  static AreaReading from(AreaSources sources, String missing) {
    AreaReading reading = new AreaReading();
    if (!sources.configured()) {
      reading.notApplicable(missing);
    } else {
      sources.blind().forEach(reading::blind);
    }
    return reading;
  }

  void blind(String reason) {
    if (level != Level.NOT_APPLICABLE) {
      level = Level.UNKNOWN;
      reasons.add(reason);
    }
  }

  void notApplicable(String reason) {
    level = Level.NOT_APPLICABLE;
    reasons.clear();
    reasons.add(reason);
  }

  void fact(String name, @Nullable Object value) {
    if (value != null) {
      facts.put(name, value);
    }
  }

  void fact(String name, OptionalDouble value) {
    if (value.isPresent()) {
      facts.put(name, value.getAsDouble());
    }
  }

  Level level() {
    return level;
  }

  List<String> reasons() {
    return reasons;
  }

  Map<String, @Nullable Object> facts() {
    return facts;
  }
}
