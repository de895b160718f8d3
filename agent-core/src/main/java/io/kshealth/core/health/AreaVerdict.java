package io.kshealth.core.health;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One area's verdict.
 *
 * @param reasons why it is not {@code ok}, in words: what the agent cannot see, or which alerts
 *     fire (empty when ok)
 * @param alerts the firing and pending alerts of the area, firing first
 * @param facts the key readings behind it, as plain values (numbers in base units, texts)
 */
public record AreaVerdict(
    Area area,
    Level level,
    List<String> reasons,
    List<AlertReason> alerts,
    Map<String, @Nullable Object> facts) {

  public AreaVerdict {
    reasons = List.copyOf(reasons);
    alerts = List.copyOf(alerts);
    facts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
  }
}
