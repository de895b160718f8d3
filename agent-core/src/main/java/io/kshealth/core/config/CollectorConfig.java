package io.kshealth.core.config;

import io.kshealth.api.CollectorSettings;
import java.time.Duration;

/**
 * One configured collector: its name (the key under {@code collectors:}), its type, how often it
 * runs and how long a run may take, whether its samples appear on {@code /metrics} (they always
 * reach the history and the rules), and its type's own parsed settings.
 */
public record CollectorConfig(
    String name,
    String type,
    Duration interval,
    Duration timeout,
    boolean expose,
    CollectorSettings settings) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
}
