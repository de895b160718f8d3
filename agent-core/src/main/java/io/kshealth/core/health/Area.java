package io.kshealth.core.health;

import java.util.Locale;
import java.util.Optional;

/** What part of the instance a verdict is about; the rule pack's group names are the same words. */
public enum Area {
  STREAMS,
  LAG,
  MEMORY,
  DISK,
  EBS,
  HOST,
  AGENT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The area a word names, such as a rule group's name or an {@code area} label. */
  public static Optional<Area> named(String label) {
    for (Area area : values()) {
      if (area.label().equals(label)) {
        return Optional.of(area);
      }
    }
    return Optional.empty();
  }
}
