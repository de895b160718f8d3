package io.kshealth.demo;

import io.kshealth.demo.app.Fault;
import io.kshealth.demo.broker.KafkaBroker;
import io.kshealth.demo.driver.AgentProcess;
import io.kshealth.demo.driver.AppEvent;
import io.kshealth.demo.driver.ChangelogSeeder;
import io.kshealth.demo.driver.Clients;
import io.kshealth.demo.driver.Directories;
import io.kshealth.demo.driver.FaultInjector;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.demo.driver.Series;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;

/** One run of the demo: what it started, in order, so that {@link #stop} can undo all of it. */
final class DemoRun {

  /** How often the agent's view is printed when nothing changed in substance. */
  private static final long VIEW_EVERY_MILLIS = 10_000;

  private final DemoSettings settings;
  private final PrintStream out;
  private final Path workDir;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Instant began = Instant.now();
  private final AgentView view = new AgentView();
  private final AlertView alertView = new AlertView();
  private final HealthView healthView = new HealthView();
  private KafkaBroker broker;
  private InputGenerator generator;
  private volatile SampleApp app;
  private AgentProcess agent;
  private volatile boolean stopping;

  private DemoRun(DemoSettings settings, PrintStream out, Path workDir) {
    this.settings = settings;
    this.out = out;
    this.workDir = workDir;
  }

  static DemoRun create(DemoSettings settings, PrintStream out) throws IOException {
    return new DemoRun(settings, out, Files.createTempDirectory("kshealth-demo-"));
  }

  /** Starts broker, input, app and agent, and prints where to look. */
  void start() throws Exception {
    Path home =
        settings.kshealthHome() != null
            ? settings.kshealthHome()
            : AgentProcess.locateDistribution();
    say("work dir " + workDir + " (deleted on exit)");
    broker = remember(KafkaBroker.start(workDir.resolve("broker")));
    say("broker   " + broker.describe());
    String bootstrap = broker.bootstrapServers();
    SampleAppOptions options =
        SampleAppOptions.defaults(bootstrap, settings.applicationId(), workDir.resolve("app"))
            .withGroupProtocol(settings.groupProtocol())
            .withEos(settings.eos())
            .withMaxPollInterval(settings.maxPollInterval());
    try (Admin admin = Clients.admin(bootstrap)) {
      Clients.createTopics(admin, options.topics());
    }
    if (settings.fault() == Fault.RESTORE) {
      say("seeding " + settings.restoreRecords() + " records into the profiles store's changelog");
      ChangelogSeeder.seed(bootstrap, settings.applicationId(), settings.restoreRecords());
    }
    generator = remember(InputGenerator.start(bootstrap, options.topics(), settings.rate()));
    app = SampleApp.start(options);
    started.push(() -> app.stop());
    say(
        "app      "
            + app
            + ", "
            + settings.groupProtocol().id()
            + (settings.eos() ? ", exactly-once" : "")
            + ", JMX "
            + app.jmxUrl());
    Path config = workDir.resolve("agent.yaml");
    try (InputStream in = DemoRun.class.getResourceAsStream("agent.yaml")) {
      Files.copy(in, config);
    }
    String appMatch =
        "SampleStreamsApp .*--application-id " + Pattern.quote(settings.applicationId()) + " ";
    agent =
        remember(
            AgentProcess.start(
                home,
                config,
                settings.port(),
                Map.of(
                    "KSHEALTH_DATA_DIR",
                    workDir.resolve("agent-data").toString(),
                    "KSHEALTH_DEMO_APP_MATCH",
                    appMatch,
                    "KSHEALTH_DEMO_STATE_DIR",
                    options.stateDir().toString(),
                    "KSHEALTH_DEMO_BOOTSTRAP",
                    bootstrap,
                    "KSHEALTH_DEMO_COMMIT_INTERVAL",
                    options.commitInterval().toMillis() + "ms",
                    "KSHEALTH_DEMO_MAX_POLL_INTERVAL",
                    options.maxPollInterval().toMillis() + "ms",
                    "KSHEALTH_DEMO_RULES",
                    home.resolve("config/rules").toString()),
                workDir.resolve("agent.log")));
    say("agent    pid " + agent.pid() + ", config " + config + ", log " + agent.log());
    say("open     " + agent.baseUrl() + "/ (the status page)");
    say(
        "look at  "
            + agent.baseUrl()
            + "/api/v1/health  /probe/app/ready  /probe/app/live  /metrics  /api/v1/alerts");
    if (settings.fault() != null) {
      say(
          "scenario "
              + settings.fault().id()
              + " "
              + settings.faultAfterSeconds()
              + " s after the app is RUNNING, once the agent reads its lag");
    }
    say("Ctrl-C stops everything.");
  }

  /**
   * Reports what happens until the demo is stopped; injects the scenario's fault on time. False
   * when the app or the agent exited on its own.
   */
  boolean watch() throws Exception {
    SampleApp watched = app;
    int reported = 0;
    boolean agentReady = false;
    Instant faultAt = null;
    Instant healAt = null;
    // The fault waits until the agent has read the group's lag: what it captures when the alert
    // goes pending (where the app stopped) comes from what it read before.
    boolean lagRead = false;
    while (!stopping) {
      if (watched != app) { // the restore scenario restarted it: a new JVM with a new log
        watched = app;
        reported = 0;
      }
      var events = watched.events();
      for (AppEvent event : events.subList(Math.min(reported, events.size()), events.size())) {
        describe(event);
        if (faultAt == null && settings.fault() != null && event.isStateChangeTo("RUNNING")) {
          faultAt = event.at().plusSeconds(settings.faultAfterSeconds());
        }
      }
      reported = events.size();
      if (!app.isAlive() || !agent.isAlive()) {
        Path log = app.isAlive() ? agent.log() : app.log();
        say(log.getFileName() + " exited on its own; the end of its log (deleted on exit):");
        List<String> lines = Files.readAllLines(log);
        lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(out::println);
        return false;
      }
      if (!agentReady && agent.status("/readyz") == 200) {
        agentReady = true;
        say("agent ready: " + agent.baseUrl() + "/api/v1/status");
      }
      if (agentReady) {
        List<Series> metrics = agent.metrics();
        lagRead |=
            metrics.stream()
                .anyMatch(m -> m.name().equals("kshealth_lag_status") && m.value() == 1.0);
        view.next(metrics, System.currentTimeMillis(), VIEW_EVERY_MILLIS).ifPresent(this::say);
        alertView.next(agent.alerts()).forEach(this::say);
        healthView
            .next(metrics, agent.get("/probe/app/ready"), agent.get("/probe/app/live"))
            .ifPresent(this::say);
      }
      if (faultAt != null && lagRead && Instant.now().isAfter(faultAt)) {
        alertView.forgetFired();
        inject(settings.fault());
        faultAt = Instant.MAX;
      }
      if (faultAt == Instant.MAX && healAt == null && alertView.anyFired()) {
        healAt = Instant.now().plusSeconds(settings.healAfterSeconds());
        say("an alert fired; the fault is removed in " + settings.healAfterSeconds() + " s");
      }
      if (healAt != null && Instant.now().isAfter(healAt)) {
        heal(settings.fault());
        healAt = Instant.MAX;
      }
      if (stopped.await(500, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return true;
  }

  private void inject(Fault fault) throws Exception {
    say("injecting " + fault.id());
    switch (fault) {
      case MEMORY_GROWTH -> {
        generator.setMode(InputGenerator.Mode.MEMORY_GROWTH);
        generator.setRate(Math.max(settings.rate(), 200));
      }
      case RESTORE -> {
        app = app.restartWithWipedState(DemoSettings.RESTORE_BATCH_DELAY);
        say("app restarted with an empty state dir: " + app);
      }
      default -> {
        try (FaultInjector injector = new FaultInjector(broker.bootstrapServers())) {
          injector.inject(app, fault);
        }
      }
    }
  }

  /** Removes the fault, so that its alert resolves. */
  private void heal(Fault fault) throws Exception {
    switch (fault) {
      case MEMORY_GROWTH -> {
        generator.setMode(InputGenerator.Mode.STEADY);
        generator.setRate(settings.rate());
        say("healing: the input is steady again");
      }
      case RESTORE -> say("the restore ends by itself");
      default -> {
        app = app.restart();
        say("healing: restarted the app (a new JVM that ignores the fault's records): " + app);
      }
    }
  }

  private void describe(AppEvent event) {
    switch (event.event()) {
      case "state" -> say("app state " + event.get("from") + " -> " + event.get("to"), event.at());
      case "fault" ->
          say(
              "app met " + event.get("fault") + " at partition " + event.get("partition"),
              event.at());
      default -> {}
    }
  }

  /** Undoes everything, newest first, then deletes the work dir. Safe to call twice. */
  void stop() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    say("stopping");
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        say("while stopping: " + e);
      }
    }
    try {
      Directories.deleteRecursively(workDir);
    } catch (IOException e) {
      say("could not delete " + workDir + ": " + e);
    }
    stopped.countDown();
    say("stopped");
  }

  private <T extends AutoCloseable> T remember(T resource) {
    started.push(resource);
    return resource;
  }

  private void say(String message) {
    say(message, Instant.now());
  }

  private void say(String message, Instant at) {
    double seconds = (at.toEpochMilli() - began.toEpochMilli()) / 1000.0;
    out.printf("[%6.1fs] %s%n", seconds, message);
    out.flush();
  }
}
