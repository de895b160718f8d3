package io.kshealth.core.health;

import io.kshealth.api.Snapshot;
import io.kshealth.core.schedule.CollectorStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place that computes the verdict, on demand, from the collectors' latest runs and the rule
 * engine's pending and firing alerts. Per area: a firing alert sets {@code critical} or {@code
 * warning} by its severity, whatever else is known; without one, the area is {@code unknown} when
 * the agent cannot see it, {@code not_applicable} when nothing feeds it, else {@code ok}. Pending
 * alerts are cited but change nothing: their {@code for} has not passed. The overall verdict is the
 * worst area's (see {@link Level} for the order).
 */
public final class HealthAssessor {

  private static final Comparator<AlertReason> FIRING_FIRST =
      Comparator.comparing((AlertReason a) -> !a.firing())
          .thenComparing(a -> a.level(), Comparator.reverseOrder())
          .thenComparingLong(AlertReason::sinceMillis);

  private final Clock clock;
  private final Supplier<List<CollectorStatus>> collectors;
  private final Function<String, Optional<Snapshot>> latest;
  private final Supplier<List<AlertReason>> alerts;

  public HealthAssessor(
      Clock clock,
      Supplier<List<CollectorStatus>> collectors,
      Function<String, Optional<Snapshot>> latest,
      Supplier<List<AlertReason>> alerts) {
    this.clock = clock;
    this.collectors = collectors;
    this.latest = latest;
    this.alerts = alerts;
  }

  public HealthVerdict assess() {
    Map<Area, List<AlertReason>> placed = new EnumMap<>(Area.class);
    List<AlertReason> unplaced = new ArrayList<>();
    for (AlertReason alert : alerts.get()) {
      Optional<Area> area = alert.area();
      if (area.isPresent()) {
        placed.computeIfAbsent(area.get(), a -> new ArrayList<>()).add(alert);
      } else {
        unplaced.add(alert);
      }
    }
    AreaReadings readings = new AreaReadings(collectors.get(), latest);
    List<AreaVerdict> areas = new ArrayList<>();
    Level overall = Level.NOT_APPLICABLE;
    for (Area area : Area.values()) {
      AreaVerdict verdict =
          verdict(area, readings.read(area), placed.getOrDefault(area, List.of()));
      areas.add(verdict);
      overall = overall.worst(verdict.level());
    }
    for (AlertReason alert : unplaced) {
      overall = overall.worst(alert.level());
    }
    unplaced.sort(FIRING_FIRST);
    return new HealthVerdict(overall, clock.millis(), areas, unplaced);
  }

  private static AreaVerdict verdict(Area area, AreaReading reading, List<AlertReason> alerts) {
    List<AlertReason> sorted = new ArrayList<>(alerts);
    sorted.sort(FIRING_FIRST);
    Level fromAlerts = Level.NOT_APPLICABLE;
    List<String> reasons = new ArrayList<>();
    for (AlertReason alert : sorted) {
      if (alert.firing()) {
        fromAlerts = fromAlerts.worst(alert.level());
        reasons.add(alert.name() + " is firing: " + alert.summary());
      }
    }
    Level level = fromAlerts.compareTo(Level.WARNING) >= 0 ? fromAlerts : reading.level();
    if (level != Level.OK) {
      reasons.addAll(reading.reasons());
    }
    return new AreaVerdict(area, level, reasons, sorted, reading.facts());
  }
}
