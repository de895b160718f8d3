import io.kshealth.demo.app.Fault;
import io.kshealth.demo.broker.KafkaBroker;
import io.kshealth.demo.driver.AgentProcess;
import io.kshealth.demo.driver.AppEvent;
import io.kshealth.demo.driver.ChildProcess;
import io.kshealth.demo.driver.Clients;
import io.kshealth.demo.driver.FaultInjector;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.Ports;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.demo.driver.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The driver of bench/detection.sh: per scenario a fresh sample app (3 stream threads, {@link
 * #PARTITIONS} partitions per input topic, so as many tasks; 1 s commits; steady input), a fresh
 * agent (the distribution's bin/kshealth with its shipped config and rule pack, see the script)
 * and a fresh Alertmanager; a warm-up, the fault, and the heal; a table row per alert.
 *
 * <p>Usage: {@code DetectionBench HOME WORK [SCENARIO...]}; the durations come from the
 * environment (see the script).
 */
public class DetectionBench {

  static final int PARTITIONS = 20;
  static final int THREADS = 3;

  /** Longest wait for a firing alert to show in Alertmanager before the heal. */
  static final Duration DELIVERY_LIMIT = Duration.ofSeconds(30);

  static final List<String> SCENARIOS =
      List.of(
          "thread-death",
          "stall",
          "slow-record",
          "frozen",
          "frozen-90s",
          "killed",
          "restart",
          "restart-new-id",
          "poison-record",
          "kicked",
          "storm",
          "eos",
          "healthy");

  final Path home;
  final Path work;
  final String bootstrap;
  final double rate = env("RATE", 100);
  final Duration warmup = seconds("WARMUP_SECONDS", 60);
  final Duration faultLimit = seconds("FAULT_LIMIT_SECONDS", 420);
  final Duration resolveLimit = seconds("RESOLVE_LIMIT_SECONDS", 420);
  final Duration restartDelay = seconds("RESTART_DELAY_SECONDS", 150);
  final Duration afterRestart = seconds("AFTER_RESTART_SECONDS", 180);
  final Duration frozenFor = seconds("FROZEN_SECONDS", 90);
  final Duration stormPollInterval = seconds("STORM_POLL_INTERVAL_SECONDS", 10);
  final Duration kickPollInterval = seconds("KICK_POLL_INTERVAL_SECONDS", 300);
  final Duration eosLength = seconds("EOS_MINUTES", 15).multipliedBy(60);
  final Duration healthyLength = seconds("HEALTHY_MINUTES", 60).multipliedBy(60);
  final List<String> rows = new ArrayList<>();
  int apps;

  DetectionBench(Path home, Path work, String bootstrap) {
    this.home = home;
    this.work = work;
    this.bootstrap = bootstrap;
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Path work = Path.of(args[1]);
    List<String> chosen = args.length > 2 ? List.of(args).subList(2, args.length) : SCENARIOS;
    for (String name : chosen) {
      if (!SCENARIOS.contains(name)) {
        System.err.println("unknown scenario '" + name + "'; known: " + SCENARIOS);
        System.exit(2);
      }
    }
    // Interrupted (the script's trap), stop the apps, agents and Alertmanagers it started.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    ChildProcess.stopAll();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    try (KafkaBroker broker = KafkaBroker.start(work.resolve("broker"))) {
      DetectionBench bench = new DetectionBench(home, work, broker.bootstrapServers());
      System.out.printf(
          "%-15s %-34s %9s %9s %9s %9s  %s%n",
          "scenario", "alert", "pending", "firing", "at_am", "resolved", "note");
      for (String name : chosen) {
        try {
          bench.run(name);
        } catch (Exception e) {
          System.out.printf("%-15s FAILED: %s%n", name, e);
          e.printStackTrace();
        }
      }
    }
  }

  /** One scenario: its own app, agent and Alertmanager, all stopped at the end. */
  void run(String name) throws Exception {
    Path dir = work.resolve(name);
    SampleAppOptions options =
        SampleAppOptions.defaults(bootstrap, "bench-" + name + "-" + ++apps, dir.resolve("app"))
            .withThreads(THREADS)
            .withEos(name.equals("eos"));
    Duration appPollInterval =
        switch (name) {
          case "slow-record", "storm" -> stormPollInterval;
          case "kicked" -> kickPollInterval;
          default -> Duration.ofMinutes(5);
        };
    options = options.withMaxPollInterval(appPollInterval);
    createTopics(options);
    try (InputGenerator input = InputGenerator.start(bootstrap, options.topics(), rate);
        DetectionAlertmanager am = DetectionAlertmanager.start(dir.resolve("alertmanager"));
        FaultInjector faults = new FaultInjector(bootstrap)) {
      Scenario s = new Scenario(name, dir, options, am, faults, appPollInterval);
      try {
        s.play(input);
      } finally {
        s.close();
      }
    }
  }

  void createTopics(SampleAppOptions options) throws Exception {
    try (Admin admin = Clients.admin(bootstrap)) {
      Clients.createTopics(admin, options.topics(), PARTITIONS);
    }
  }

  /** One run of one scenario. */
  final class Scenario {
    final String name;
    final Path dir;
    SampleAppOptions options;
    final DetectionAlertmanager am;
    final FaultInjector faults;
    final AgentProcess agent;
    final DetectionWatch watch;
    SampleApp app;
    final List<SampleApp> previous = new ArrayList<>();

    Scenario(
        String name,
        Path dir,
        SampleAppOptions options,
        DetectionAlertmanager am,
        FaultInjector faults,
        Duration appPollInterval)
        throws Exception {
      this.name = name;
      this.dir = dir;
      this.options = options;
      this.am = am;
      this.faults = faults;
      if (!name.equals("storm")) {
        app = SampleApp.start(options);
        app.awaitRunning();
      }
      agent = startAgent(appPollInterval);
      watch = new DetectionWatch(agent, am);
    }

    AgentProcess startAgent(Duration appPollInterval) throws Exception {
      String config = Files.readString(home.resolve("config/kshealth.yaml"));
      config =
          config.replace(
              "      type: log\n",
              "      type: log\n    am:\n      type: alertmanager\n      urls: [\"" + am.url() + "\"]\n");
      config =
          config.replace(
              "max-poll-interval: 5m ", "max-poll-interval: " + appPollInterval.toSeconds() + "s ");
      Path file = Files.writeString(home.resolve("config/detection-" + name + ".yaml"), config);
      Map<String, String> env = new HashMap<>();
      env.put("KSHEALTH_DATA_DIR", Files.createDirectories(dir.resolve("agent-data")).toString());
      env.put("KSHEALTH_KAFKA_BOOTSTRAP", bootstrap);
      env.put("KSHEALTH_STATE_DIR", options.stateDir().toString());
      env.put("KSHEALTH_COMMIT_INTERVAL", options.commitInterval().toMillis() + "ms");
      // Any application.id of this scenario: the new-id restart keeps the prefix.
      env.put("KSHEALTH_TARGET_MATCH", "SampleStreamsApp .*--application-id bench-" + name + "-");
      AgentProcess agent =
          AgentProcess.start(home, file, Ports.freeLoopbackPort(), env, dir.resolve("agent.log"));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (agent.status("/readyz") != 200) {
        if (!agent.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the agent did not get ready; see " + agent.log());
        }
        Thread.sleep(200);
      }
      return agent;
    }

    void play(InputGenerator input) throws Exception {
      switch (name) {
        case "thread-death" -> controlFault(Fault.THREAD_DEATH, List.of("KafkaStreamsClientGone"));
        case "poison-record" -> controlFault(Fault.THREAD_DEATH, List.of("KafkaStreamsLagStopped"));
        case "stall" -> controlFault(Fault.STALL, List.of("KafkaStreamsLagStalled"));
        case "slow-record" -> controlFault(Fault.SLOW_RECORD, List.of("KafkaStreamsRebalanceStorm"));
        case "storm" -> storm();
        case "kicked" -> kicked();
        case "frozen" -> frozen(null);
        case "frozen-90s" -> frozen(frozenFor);
        case "killed" -> killed();
        case "restart" -> restart(false, input);
        case "restart-new-id" -> restart(true, input);
        case "eos" -> steady(eosLength);
        case "healthy" -> steady(healthyLength);
        default -> throw new IllegalArgumentException(name);
      }
    }

    /** A control-record fault: from the app's own fault line, healed by a new JVM. */
    void controlFault(Fault fault, List<String> expected) throws Exception {
      watch.during(warmup);
      watch.reset();
      faults.inject(app, fault, PARTITIONS);
      Instant at = awaitEvent(app, "fault", null).at();
      if (fault == Fault.SLOW_RECORD) {
        at = firstRebalanceAfter(app, at);
      }
      awaitFiringThenHeal(at, expected, this::restartApp);
    }

    /** A slow record met as soon as the app first runs, beside a fresh agent. */
    void storm() throws Exception {
      app = SampleApp.start(options);
      app.awaitRunning();
      watch.reset();
      faults.inject(app, Fault.SLOW_RECORD, PARTITIONS);
      Instant met = awaitEvent(app, "fault", null).at();
      Instant at = firstRebalanceAfter(app, met);
      awaitFiringThenHeal(at, List.of("KafkaStreamsRebalanceStorm"), this::restartApp);
    }

    /** Every thread blocked until max.poll.interval.ms puts the members out of the group. */
    void kicked() throws Exception {
      watch.during(warmup);
      watch.reset();
      faults.inject(app, Fault.STALL, PARTITIONS);
      Instant at = awaitEvent(app, "fault", null).at();
      Instant[] kicked = {null};
      try (Admin admin = Clients.admin(bootstrap)) {
        watch.until(
            () -> {
              if (kicked[0] == null && members(admin) == 0) {
                kicked[0] = Instant.now();
              }
              return kicked[0] != null
                  && watch.firing(List.of("KafkaStreamsLagStopped", "KafkaStreamsLagStalled"));
            },
            kickPollInterval.plus(faultLimit));
        lagAtFiring(admin, "KafkaStreamsLagStopped");
      }
      DetectionWatch.Seen warning = watch.named("KafkaStreamsPollIntervalNearLimit");
      if (warning != null && warning.firing != null && kicked[0] != null) {
        warning.note =
            String.format(
                "fired %.0f s before the group emptied (%s)",
                secs(warning.firing, kicked[0]),
                "Admin: no members at +" + Math.round(secs(at, kicked[0])) + " s");
      }
      heal(at, this::restartApp);
    }

    /** SIGSTOP; SIGCONT after {@code length}, or once the unresponsive alert fired. */
    void frozen(Duration length) throws Exception {
      watch.during(warmup);
      watch.reset();
      Instant at = Instant.now();
      signal("STOP");
      if (length == null) {
        watch.until(() -> watch.firing(List.of("KshealthTargetUnresponsive")), faultLimit);
      } else {
        watch.during(length);
      }
      heal(at, () -> {
        signal("CONT");
        return Instant.now();
      });
    }

    /** SIGKILL: the JVM gone; healed by a new JVM. */
    void killed() throws Exception {
      watch.during(warmup);
      watch.reset();
      Instant at = Instant.now();
      signal("KILL");
      List<String> expected = List.of("KshealthTargetUnreachable", "KafkaStreamsLagStopped");
      watch.until(() -> expected.stream().allMatch(n -> watch.firing(List.of(n))), faultLimit);
      try (Admin admin = Clients.admin(bootstrap)) {
        lagAtFiring(admin, "KafkaStreamsLagStopped");
      }
      heal(at, this::restartApp);
    }

    /**
     * A clean stop, and a new JVM (same JMX port; same or a new application.id) whose client starts
     * {@code restartDelay} later; watched until {@code afterRestart} after it runs again.
     */
    void restart(boolean newId, InputGenerator input) throws Exception {
      watch.during(warmup);
      watch.reset();
      SampleAppOptions next = options.withStartDelay(restartDelay);
      InputGenerator newInput = null;
      if (newId) {
        next = next.withApplicationId(options.applicationId() + "-b");
        createTopics(next);
        newInput = InputGenerator.start(bootstrap, next.topics(), rate);
      }
      Instant at = Instant.now();
      app.stop();
      previous.add(app);
      app = SampleApp.start(next);
      app.awaitState("RUNNING", 1, restartDelay.plus(SampleApp.START_TIMEOUT));
      Instant running = awaitEvent(app, "state", "RUNNING").at();
      String group = next.applicationId();
      Instant[] followed = {null};
      watch.until(
          () -> {
            if (followed[0] == null && reportsGroup(group)) {
              followed[0] = Instant.now();
            }
            return false;
          },
          afterRestart);
      String note =
          newId
              ? (followed[0] == null
                  ? "lag collector never reported the new group"
                  : String.format(
                      "lag collector on the new group %.0f s after its client ran",
                      secs(running, followed[0])))
              : "";
      report(at, null, "false alert; client held back " + restartDelay.toSeconds() + " s", note);
      if (newInput != null) {
        newInput.close();
      }
    }

    /** A steady run: every alert is a false one. */
    void steady(Duration length) throws Exception {
      watch.reset();
      Instant at = Instant.now();
      watch.during(length);
      report(at, null, "false alert", "no alert in " + length.toMinutes() + " min");
    }

    void awaitFiringThenHeal(Instant at, List<String> expected, Healer healer) throws Exception {
      watch.until(() -> watch.firing(expected), faultLimit);
      if (expected.contains("KafkaStreamsLagStopped")) {
        try (Admin admin = Clients.admin(bootstrap)) {
          lagAtFiring(admin, "KafkaStreamsLagStopped");
        }
      }
      heal(at, healer);
    }

    void heal(Instant at, Healer healer) throws Exception {
      // A heal resolves the alerts, and Alertmanager hides resolved ones: see them arrive first.
      watch.until(watch::delivered, DELIVERY_LIMIT);
      Instant healed;
      try {
        healed = healer.heal();
      } catch (Exception e) {
        report(at, null, "", "");
        throw e;
      }
      watch.until(watch::quiet, resolveLimit);
      report(at, healed, "", "");
    }

    /** A new JVM on the same state and JMX port: the heal starts with the old JVM's stop. */
    Instant restartApp() throws Exception {
      Instant healing = Instant.now();
      SampleApp old = app;
      app = old.restart();
      previous.add(old);
      app.awaitRunning();
      return healing;
    }

    void signal(String signal) throws Exception {
      new ProcessBuilder("kill", "-" + signal, Long.toString(app.pid()))
          .inheritIO()
          .start()
          .waitFor();
    }

    /** Notes, on the lag alert, the agent's lag for the group against the brokers' true lag. */
    void lagAtFiring(Admin admin, String alert) throws Exception {
      DetectionWatch.Seen seen = watch.named(alert);
      long truth = trueLag(admin, options.applicationId());
      double reported = 0;
      for (Series s : agent.metrics()) {
        if (s.name().equals("kshealth_lag_total_records")
            && options.applicationId().equals(s.labels().get("group"))) {
          reported += s.value();
        }
      }
      String note = String.format("lag then: agent %.0f, brokers %d", reported, truth);
      if (seen != null) {
        seen.note = note;
      } else {
        rows.add(String.format("%-15s %-34s %s", name, alert + " (never)", note));
        System.out.println(rows.get(rows.size() - 1));
      }
    }

    long trueLag(Admin admin, String group) throws Exception {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String topic : List.of(options.topics().events(), options.topics().profiles())) {
        for (int p = 0; p < PARTITIONS; p++) {
          latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      long lag = 0;
      for (var e : admin.listOffsets(latest).all().get().entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    }

    int members(Admin admin) {
      try {
        return admin
            .describeConsumerGroups(List.of(options.applicationId()))
            .all()
            .get()
            .get(options.applicationId())
            .members()
            .size();
      } catch (Exception e) {
        return -1;
      }
    }

    boolean reportsGroup(String group) {
      try {
        return agent.metrics().stream()
            .anyMatch(
                s -> s.name().equals("kshealth_lag_status") && group.equals(s.labels().get("group")));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /**
     * Prints a row per alert seen since the fault at {@code at}; {@code healed} null for scenarios
     * without a heal. {@code label} marks every row (false alerts); {@code none} is printed when no
     * alert was seen.
     */
    void report(Instant at, Instant healed, String label, String none) {
      List<DetectionWatch.Seen> seen = watch.all();
      if (seen.isEmpty()) {
        print(String.format("%-15s %-34s %9s %9s %9s %9s  %s", name, "-", "", "", "", "", none));
      }
      for (DetectionWatch.Seen s : seen) {
        String note = String.join("; ", List.of(label, s.note, s.where.toString()).stream()
            .filter(x -> !x.isEmpty())
            .toList());
        print(
            String.format(
                "%-15s %-34s %9s %9s %9s %9s  %s",
                name,
                s.name,
                since(at, s.pending),
                since(at, s.firing),
                since(at, s.delivered),
                healed == null ? "" : since(healed, s.resolved),
                note));
      }
      if (!none.isEmpty() && !seen.isEmpty()) {
        print(String.format("%-15s %s", name, none));
      }
    }

    void print(String row) {
      rows.add(row);
      System.out.println(row);
      System.out.flush();
    }

    void close() {
      agent.close();
      if (app != null) {
        app.close();
      }
      previous.forEach(SampleApp::close);
    }
  }

  @FunctionalInterface
  interface Healer {
    /** Removes the fault; when the app works again. */
    Instant heal() throws Exception;
  }

  /** The first event {@code event} (with {@code to} for a state), waiting up to 2 minutes. */
  static AppEvent awaitEvent(SampleApp app, String event, String to) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (AppEvent e : app.events()) {
        if (e.event().equals(event) && (to == null || to.equals(e.get("to")))) {
          return e;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(app + " reported no " + event + " " + to);
  }

  /** The client's first REBALANCING after {@code after}, waiting up to twice the poll interval. */
  static Instant firstRebalanceAfter(SampleApp app, Instant after) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (AppEvent e : app.events()) {
        if (e.isStateChangeTo("REBALANCING") && e.at().isAfter(after)) {
          return e.at();
        }
      }
      Thread.sleep(100);
    }
    return after;
  }

  static double secs(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  static String since(Instant from, Instant to) {
    return to == null ? "-" : String.format("%.1f", secs(from, to));
  }

  static double env(String name, double fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : Double.parseDouble(value);
  }

  static Duration seconds(String name, long fallback) {
    return Duration.ofMillis(Math.round(env(name, fallback) * 1000));
  }
}
