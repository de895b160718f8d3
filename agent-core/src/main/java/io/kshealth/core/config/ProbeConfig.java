package io.kshealth.core.config;

import java.time.Duration;

/**
 * How the app's probes decide ({@code probes:}, docs/probes.md).
 *
 * @param readyMaxTimeLag readiness fails while the time lag exceeds this; zero for no such check
 * @param notRunningFor liveness fails once the client has been GONE, ERROR or NOT_RUNNING this long
 * @param stallCommitIntervals liveness fails once a stall while RUNNING lasts this many commit
 *     intervals (the lag collector's {@code commit-interval})...
 * @param stallMin ...and at least this long, so that exactly-once's 100 ms commits are not a hair
 *     trigger
 * @param frozenFor liveness fails once the JVM has not answered while the brokers see its group
 *     STALL or STOP for this long
 * @param restartBudget past this many app restarts within {@code restartWindow}, liveness answers
 *     200 with a warning instead of asking for another
 */
public record ProbeConfig(
    Duration readyMaxTimeLag,
    Duration notRunningFor,
    int stallCommitIntervals,
    Duration stallMin,
    Duration frozenFor,
    int restartBudget,
    Duration restartWindow) {

  public static final ProbeConfig DEFAULTS =
      new ProbeConfig(
          Duration.ZERO,
          Duration.ofMinutes(1),
          4,
          Duration.ofSeconds(60),
          Duration.ofMinutes(2),
          3,
          Duration.ofHours(1));

  static ProbeConfig parse(ConfigNode node) {
    ConfigNode ready = node.map("ready");
    ConfigNode live = node.map("live");
    ProbeConfig config =
        new ProbeConfig(
            ready.durationOrZero("max-time-lag", DEFAULTS.readyMaxTimeLag()),
            live.duration("not-running-for", DEFAULTS.notRunningFor()),
            live.integer("stall-commit-intervals", DEFAULTS.stallCommitIntervals(), 1, 1000),
            live.duration("stall-min", DEFAULTS.stallMin()),
            live.duration("frozen-for", DEFAULTS.frozenFor()),
            live.integer("restart-budget", DEFAULTS.restartBudget(), 1, 1000),
            live.duration("restart-budget-window", DEFAULTS.restartWindow()));
    ready.finish();
    live.finish();
    node.finish();
    return config;
  }
}
