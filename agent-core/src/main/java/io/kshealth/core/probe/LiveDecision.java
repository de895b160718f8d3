package io.kshealth.core.probe;

import io.kshealth.core.config.ProbeConfig;
import io.kshealth.core.config.Units;
import java.time.Duration;
import java.util.Optional;

/**
 * Liveness: the first reason, if any, for which restarting the app is the right action. Each
 * condition is counted from the collector run that first saw it (see {@link HeldSince}): a run that
 * cannot tell neither starts nor ends the count, and a condition not seen for three runs does not
 * hold: unknown is not dead.
 */
final class LiveDecision {

  /** The commit interval assumed while the lag collector has not said it. */
  private static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(30);

  private LiveDecision() {}

  /** How long each condition has held at {@code now}, with the staleness bound of its sighting. */
  record Held(
      long now,
      long staleMillis,
      HeldSince dead,
      HeldSince stall,
      HeldSince pollPast,
      HeldSince frozen) {

    long deadFor() {
      return dead.heldMillis(now, staleMillis);
    }

    long stallFor() {
      return stall.heldMillis(now, staleMillis);
    }

    boolean pollPastHolds() {
      return pollPast.holds(now, staleMillis);
    }

    long frozenFor() {
      return frozen.heldMillis(now, staleMillis);
    }
  }

  static Optional<String> failure(
      ProbeConfig config, StreamsReading streams, LagReading lag, Held held) {
    // The periods are positive (the config refuses zero): a condition that does not hold, held 0.
    if (held.deadFor() >= config.notRunningFor().toMillis()) {
      String states =
          streams.clients().stream()
              .filter(ClientReading::dead)
              .map(c -> "client " + c.clientId() + " is " + c.state())
              .reduce((a, b) -> a + ", " + b)
              .orElse("a client is not running");
      return Optional.of(
          states + " for " + seconds(held.deadFor()) + " (probes.live.not-running-for)");
    }
    Duration stallPeriod = stallPeriod(config, lag);
    if (held.stallFor() >= stallPeriod.toMillis()) {
      return Optional.of(
          "no progress on its partitions with input waiting (lag STALL) while RUNNING for "
              + seconds(held.stallFor())
              + " (at least "
              + Units.formatDuration(stallPeriod)
              + ")");
    }
    if (held.pollPastHolds()) {
      return Optional.of(
          "every stream thread has gone past max.poll.interval.ms since its last poll");
    }
    if (held.frozenFor() >= config.frozenFor().toMillis()) {
      return Optional.of(
          "the app's JVM has not answered for "
              + seconds(held.frozenFor())
              + " while the brokers see its group "
              + lag.status().orElse("stalled")
              + " (probes.live.frozen-for)");
    }
    return Optional.empty();
  }

  /** The multiple of the commit interval, and at least the floor. */
  static Duration stallPeriod(ProbeConfig config, LagReading lag) {
    Duration commit =
        lag.commitIntervalSeconds().isPresent()
            ? Duration.ofMillis(Math.round(lag.commitIntervalSeconds().getAsDouble() * 1000))
            : DEFAULT_COMMIT_INTERVAL;
    Duration multiple = commit.multipliedBy(config.stallCommitIntervals());
    return multiple.compareTo(config.stallMin()) >= 0 ? multiple : config.stallMin();
  }

  private static String seconds(long millis) {
    return Units.formatDuration(Duration.ofSeconds(millis / 1000));
  }
}
