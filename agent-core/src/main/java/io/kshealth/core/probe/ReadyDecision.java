package io.kshealth.core.probe;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Readiness: 200 while every client is RUNNING with its expected threads, or REBALANCING after it
 * was RUNNING once since its JVM started (RUNNING with nothing left to restore: with the state
 * updater a client reads RUNNING while its first restore goes on), so that a group-wide rebalance
 * does not take every instance out of service at once; 503 otherwise, and optionally while the time
 * lag exceeds an SLO.
 */
final class ReadyDecision {

  private ReadyDecision() {}

  static ProbeAnswer decide(
      boolean streamsConfigured,
      Optional<StreamsReading> streams,
      boolean everRunning,
      LagReading lag,
      Duration maxTimeLag) {
    if (!streamsConfigured) {
      return ProbeAnswer.fail(
          "not ready: no streams collector is configured, the agent cannot tell");
    }
    if (streams.isEmpty()) {
      return ProbeAnswer.fail("not ready: no data yet (the streams collector has not run)");
    }
    StreamsReading s = streams.get();
    if (s.target().equals("down")) {
      return ProbeAnswer.fail("not ready: the app's JVM is not running");
    }
    if (s.clients().isEmpty()) {
      return ProbeAnswer.fail("not ready: no Kafka Streams client has appeared in the app's JVM");
    }
    if (s.absentClients() > 0) {
      return ProbeAnswer.fail(
          "not ready: "
              + s.absentClients()
              + " expected Kafka Streams client(s) have not appeared");
    }
    StringBuilder ok = new StringBuilder("ready:");
    for (ClientReading c : s.clients()) {
      Optional<String> problem = problem(c, everRunning);
      if (problem.isPresent()) {
        return ProbeAnswer.fail("not ready: client " + c.clientId() + " " + problem.get());
      }
      ok.append(' ').append(c.clientId()).append(' ').append(c.state());
    }
    if (!maxTimeLag.isZero() && lag.timeLagSeconds().isPresent()) {
      double seconds = lag.timeLagSeconds().getAsDouble();
      if (seconds * 1000 > maxTimeLag.toMillis()) {
        return ProbeAnswer.fail(
            String.format(
                Locale.ROOT,
                "not ready: time lag %.0fs is above the SLO of %ds (probes.ready.max-time-lag)",
                seconds,
                maxTimeLag.toSeconds()));
      }
    }
    return ProbeAnswer.pass(ok.toString());
  }

  private static Optional<String> problem(ClientReading c, boolean everRunning) {
    if (c.running() && !everRunning && c.restoringTasks() > 0) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "is restoring %.0f task(s) before its first RUNNING since its JVM started",
              c.restoringTasks()));
    }
    if (c.running()) {
      return c.missingThreads()
          ? Optional.of(
              String.format(
                  Locale.ROOT,
                  "runs %.0f of its %.0f stream threads",
                  c.threadsAlive(),
                  c.threadsExpected()))
          : Optional.empty();
    }
    if (c.rebalancing() && everRunning) {
      return Optional.empty();
    }
    if (!everRunning && (c.rebalancing() || c.state().equals("CREATED"))) {
      return Optional.of(
          "has not been RUNNING since its JVM started ("
              + c.state()
              + ": starting, or restoring its state)");
    }
    return Optional.of("is " + c.state());
  }
}
