package io.kshealth.core.health;

import java.util.List;

/**
 * The instance's health at one moment: each area's verdict and the worst of them.
 *
 * @param unplaced firing and pending alerts whose rule names no area (a user's rule without an
 *     {@code area} label in a group of another name): they count in the overall verdict only
 */
public record HealthVerdict(
    Level overall, long atMillis, List<AreaVerdict> areas, List<AlertReason> unplaced) {

  public HealthVerdict {
    areas = List.copyOf(areas);
    unplaced = List.copyOf(unplaced);
  }

  public AreaVerdict area(Area area) {
    return areas.stream().filter(a -> a.area() == area).findFirst().orElseThrow();
  }
}
