package io.kshealth.core.probe;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.config.ProbeConfig;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.probe.HeldSince.Seen;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Decides the app's probes from the streams and lag collectors' runs as they arrive (docs/probes.md
 * has the rules in words). Readiness follows the client's state; liveness fails only when a restart
 * is the right action, for as long as the restart budget lasts, and never for lack of data.
 */
public final class AppProbes {

  static final Metric SUCCESS =
      Metric.gauge(
          "kshealth_probe_success",
          "1 while the app's probe (ready, live) answers 200, 0 while it answers 503.");
  static final Metric RESTARTS =
      Metric.gauge(
          "kshealth_probe_app_restarts",
          "App restarts (changes of its JVM's start time) within the restart budget's window.");
  static final Metric BUDGET_EXHAUSTED =
      Metric.gauge(
          "kshealth_probe_restart_budget_exhausted",
          "1 while the app has restarted restart-budget times within the window: liveness answers"
              + " 200 with a warning instead of asking for another restart.");

  private final ProbeConfig config;
  private final Clock clock;
  private final AppMemory memory;
  private final boolean streamsConfigured;

  /**
   * How old the last sight of a condition may be for it to count as holding: three runs of the
   * slower of the streams and lag collectors.
   */
  private final long staleMillis;

  private Optional<StreamsReading> streams = Optional.empty();
  private boolean streamsFresh;
  private LagReading lag = LagReading.UNKNOWN;
  private final HeldSince dead = new HeldSince();
  private final HeldSince stall = new HeldSince();
  private final HeldSince pollPast = new HeldSince();
  private final HeldSince frozen = new HeldSince();

  public AppProbes(
      ProbeConfig config,
      List<CollectorConfig> collectors,
      Clock clock,
      Optional<Path> dataDir,
      DataDirHealth dataDirHealth) {
    this.config = config;
    this.clock = clock;
    this.memory = AppMemory.load(dataDir, dataDirHealth);
    this.streamsConfigured = collectors.stream().anyMatch(c -> c.type().equals("streams"));
    this.staleMillis =
        3
            * collectors.stream()
                .filter(c -> c.type().equals("streams") || c.type().equals("lag"))
                .mapToLong(c -> c.interval().toMillis())
                .max()
                .orElse(0);
  }

  /** Takes one collector run's outcome (empty for a failed run). */
  public synchronized void observe(CollectorConfig collector, Optional<Snapshot> run) {
    switch (collector.type()) {
      case "streams" -> streamsRun(run);
      case "lag" -> lag = run.map(LagReading::of).orElse(LagReading.UNKNOWN);
      default -> {
        return;
      }
    }
    long at = run.map(Snapshot::takenAtMillis).orElseGet(clock::millis);
    Optional<StreamsReading> s = streams.filter(r -> streamsFresh);
    String target = s.map(StreamsReading::target).orElse("");
    boolean up = target.equals("up");
    boolean lagKnown = lag.status().isPresent();
    List<ClientReading> clients = s.map(StreamsReading::clients).orElse(List.of());
    // A JVM that is down is not the probe's to restart: the container runtime sees it exit.
    boolean down = target.equals("down");
    dead.observe(
        up
            ? Seen.of(clients.stream().anyMatch(ClientReading::dead))
            : down ? Seen.NOT : Seen.UNKNOWN,
        at);
    stall.observe(
        up && lagKnown
            ? Seen.of(
                // A restoring client reads RUNNING (the state updater) while its restoring
                // tasks' input waits: a restore, KafkaStreamsRestoreTooSlow's to judge.
                !clients.isEmpty()
                    && clients.stream().allMatch(ClientReading::processing)
                    && lag.is("STALL"))
            : down ? Seen.NOT : Seen.UNKNOWN,
        at);
    pollPast.observe(
        up ? Seen.of(s.get().everyThreadPastPollLimit()) : down ? Seen.NOT : Seen.UNKNOWN, at);
    frozen.observe(
        target.equals("unresponsive")
            ? lagKnown ? Seen.of(lag.is("STALL", "STOP")) : Seen.UNKNOWN
            : s.isPresent() ? Seen.NOT : Seen.UNKNOWN,
        at);
  }

  private void streamsRun(Optional<Snapshot> run) {
    streamsFresh = run.isPresent();
    if (run.isEmpty()) {
      return;
    }
    StreamsReading reading = StreamsReading.of(run.get());
    if (reading.target().equals("unresponsive") && streams.isPresent()) {
      // A JVM that does not answer says nothing new of its clients: keep what it said last.
      reading = streams.get().unresponsive();
    }
    streams = Optional.of(reading);
    reading.jvmStartMillis().ifPresent(memory::jvmStarted);
    if (reading.targetUp()
        && !reading.clients().isEmpty()
        && reading.clients().stream().allMatch(ClientReading::processing)) {
      memory.running();
    }
  }

  public synchronized ProbeAnswer ready() {
    return ReadyDecision.decide(
        streamsConfigured, streams, memory.everRunning(), lag, config.readyMaxTimeLag());
  }

  public synchronized ProbeAnswer live() {
    if (!streamsConfigured) {
      return ProbeAnswer.pass("alive: no streams collector is configured, nothing to decide");
    }
    if (streams.isEmpty()) {
      return ProbeAnswer.pass("alive as far as known: no data yet, and unknown is not dead");
    }
    long now = clock.millis();
    Optional<String> failure =
        LiveDecision.failure(
            config,
            streams.get(),
            lag,
            new LiveDecision.Held(now, staleMillis, dead, stall, pollPast, frozen));
    if (failure.isEmpty()) {
      return ProbeAnswer.pass("alive: " + streamsSummary(streams.get()));
    }
    int restarts = restarts(now);
    if (restarts >= config.restartBudget()) {
      return ProbeAnswer.pass(
          "alive, with a warning: "
              + failure.get()
              + "; but the app restarted "
              + restarts
              + " times within "
              + io.kshealth.core.config.Units.formatDuration(config.restartWindow())
              + " (restart-budget "
              + config.restartBudget()
              + "), so no further restart is asked for");
    }
    return ProbeAnswer.fail("restart the app: " + failure.get());
  }

  private int restarts(long now) {
    return memory.restartsSince(now - config.restartWindow().toMillis());
  }

  private static String streamsSummary(StreamsReading s) {
    if (s.clients().isEmpty()) {
      return "the app's JVM is " + (s.target().isEmpty() ? "not seen yet" : s.target());
    }
    StringBuilder b = new StringBuilder();
    for (ClientReading c : s.clients()) {
      b.append(b.length() == 0 ? "" : ", ").append(c.clientId()).append(' ').append(c.state());
    }
    return b.toString();
  }

  /** The probes' state for {@code /metrics} and for rules. */
  public List<Sample> samples() {
    ProbeAnswer ready = ready();
    ProbeAnswer live = live();
    long now = clock.millis();
    int restarts;
    synchronized (this) {
      restarts = restarts(now);
    }
    return List.of(
        new Sample(SUCCESS, Labels.of("probe", "ready"), ready.passes() ? 1 : 0, now),
        new Sample(SUCCESS, Labels.of("probe", "live"), live.passes() ? 1 : 0, now),
        new Sample(RESTARTS, Labels.EMPTY, restarts, now),
        new Sample(
            BUDGET_EXHAUSTED, Labels.EMPTY, restarts >= config.restartBudget() ? 1 : 0, now));
  }
}
