package io.kshealth.alerts.evidence;

import io.kshealth.core.config.ConfigNode;
import java.time.Duration;

/**
 * The {@code alerting.evidence:} section: how long a capture may take, how often one alert may ask,
 * and how many bytes of evidence the agent keeps in all.
 *
 * @param timeout a capture that has not returned by then is abandoned and counted {@code timeout}
 * @param minInterval the shortest time between two captures for one alert (rule and labels): an
 *     alert that flaps between pending and inactive asks at most this often
 * @param maxBytes the evidence kept for all alerts together; the oldest capture goes first
 */
public record EvidenceSettings(Duration timeout, Duration minInterval, long maxBytes) {

  public static final EvidenceSettings DEFAULT =
      new EvidenceSettings(Duration.ofSeconds(5), Duration.ofMinutes(5), 1024 * 1024);

  public static EvidenceSettings parse(ConfigNode node) {
    Duration timeout = node.duration("timeout", DEFAULT.timeout());
    Duration minInterval = node.durationOrZero("min-interval", DEFAULT.minInterval());
    long maxBytes = node.size("max-bytes", DEFAULT.maxBytes());
    node.finish();
    return new EvidenceSettings(timeout, minInterval, maxBytes);
  }
}
