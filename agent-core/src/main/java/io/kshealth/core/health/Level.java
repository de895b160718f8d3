package io.kshealth.core.health;

import java.util.Locale;

/**
 * A verdict, declared from the least to the most severe: the worse of two is the later one. {@code
 * UNKNOWN} ranks above {@code OK} (not seeing is worse than seeing nothing wrong) and below {@code
 * WARNING} (a known problem is worse than a blind spot).
 */
public enum Level {
  NOT_APPLICABLE,
  OK,
  UNKNOWN,
  WARNING,
  CRITICAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Level worst(Level other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
