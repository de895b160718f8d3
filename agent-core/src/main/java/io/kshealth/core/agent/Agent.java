package io.kshealth.core.agent;

import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.extension.Extension;
import io.kshealth.core.extension.Extension.ReloadOutcome;
import io.kshealth.core.extension.ExtensionContext;
import io.kshealth.core.extension.ExtensionSettings;
import io.kshealth.core.health.AlertReason;
import io.kshealth.core.health.HealthAssessor;
import io.kshealth.core.health.HealthMetrics;
import io.kshealth.core.history.HistoryFile;
import io.kshealth.core.history.HistoryMetrics;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.http.AgentHttpServer;
import io.kshealth.core.http.AgentRoutes;
import io.kshealth.core.http.AgentStatus;
import io.kshealth.core.http.HealthRoutes;
import io.kshealth.core.http.HttpSecurity;
import io.kshealth.core.http.SampleExposition;
import io.kshealth.core.http.page.StatusPage;
import io.kshealth.core.http.web.WebSecurity;
import io.kshealth.core.http.web.WebSecurityMetrics;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.io.IoErrors;
import io.kshealth.core.probe.AppProbes;
import io.kshealth.core.schedule.CollectorScheduler;
import io.kshealth.core.schedule.Deadline;
import io.kshealth.core.schedule.SchedulerMetrics;
import io.kshealth.core.schedule.SnapshotSink;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: history (reloaded from the data dir), scheduler, metrics registry and HTTP
 * endpoints, wired from one {@link AgentConfig}. {@link #close()} stops it within {@link
 * #STOP_WITHIN} and saves the history.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /**
   * How long {@link #close()} takes at most, everything included, so that the agent exits within
   * the 5 s it promises after SIGTERM: one deadline shared by every part, not a sum of timeouts.
   */
  public static final Duration STOP_WITHIN = Duration.ofSeconds(4);

  /** The part of {@link #STOP_WITHIN} kept for saving the history, which comes last. */
  private static final Duration HISTORY_SAVE = Duration.ofSeconds(1);

  private final AgentConfig config;
  private final Clock clock;
  private final long startedMillis;
  private final long readyByMillis;
  private final HistoryStore history;
  private final DataDirHealth dataDir;
  private final Optional<HistoryFile> historyFile;
  private final LatestSnapshots latest;
  private final AppProbes probes;
  private final HealthAssessor health;
  private final CollectorScheduler scheduler;
  private final SelfMetrics selfMetrics;
  private final PrometheusMeterRegistry registry;
  private final Map<String, Extension> extensions = new LinkedHashMap<>();
  private @Nullable AgentHttpServer http;
  private Optional<WebSecurity> web = Optional.empty();

  /**
   * @param startedAfter how long after its process started the agent starts (the JVM's start and
   *     the config's load): the wait for the collectors' first runs counts from the process start
   */
  private Agent(AgentConfig config, Clock clock, SelfMetrics selfMetrics, Duration startedAfter) {
    this.config = config;
    this.clock = clock;
    this.startedMillis = clock.millis();
    this.readyByMillis =
        startedMillis + Math.max(0, AgentStatus.FIRST_RUNS_WAIT_MILLIS - startedAfter.toMillis());
    this.history = new HistoryStore(config.history(), clock);
    this.dataDir =
        config.history().dataDir().map(DataDirHealth::probe).orElseGet(DataDirHealth::none);
    this.historyFile = dataDir.persistentDir().map(dir -> new HistoryFile(dir, clock));
    this.latest = new LatestSnapshots(history);
    this.probes =
        new AppProbes(
            config.probes(), config.collectors(), clock, dataDir.persistentDir(), dataDir);
    SnapshotSink sink =
        (collector, run) -> {
          latest.accept(collector, run);
          probes.observe(collector, run);
        };
    this.scheduler =
        new CollectorScheduler(
            config.collectors(),
            sink,
            clock,
            () -> ThreadLocalRandom.current().nextDouble(),
            dataDir.persistentDir());
    this.health = new HealthAssessor(clock, scheduler::statuses, latest::get, this::activeAlerts);
    this.selfMetrics = selfMetrics;
    this.registry = selfMetrics.registry();
    registry
        .getPrometheusRegistry()
        .register(
            new SampleExposition(
                List.of(
                    latest::exposedSamples,
                    this::selfSamples,
                    () -> HealthMetrics.samples(health.assess()))));
  }

  /**
   * Starts collecting, the extensions (alerting) and serving HTTP. The exception's message names
   * what failed: the listen address, or the extension and its reason.
   *
   * @throws ConfigException when the web config file ({@code http.web-config-file}) is invalid
   */
  public static Agent start(AgentConfig config, Clock clock) throws IOException, ConfigException {
    return start(config, clock, SelfMetrics.create(), Duration.ZERO);
  }

  /**
   * As {@link #start(AgentConfig, Clock)}, with the agent's own metrics made already (on another
   * thread while the config loaded), which the agent closes, and {@code startedAfter} the time
   * since its process started.
   */
  public static Agent start(
      AgentConfig config, Clock clock, SelfMetrics selfMetrics, Duration startedAfter)
      throws IOException, ConfigException {
    Optional<WebSecurity> web;
    try {
      web = WebSecurity.of(config.http(), clock);
    } catch (ConfigException e) {
      selfMetrics.close();
      throw e;
    }
    Agent agent = new Agent(config, clock, selfMetrics, startedAfter);
    agent.web = web;
    agent.historyFile.ifPresent(f -> f.load(agent.history));
    agent.http =
        new AgentHttpServer(
            config.http(),
            web.<HttpSecurity>map(w -> w).orElse(HttpSecurity.NONE),
            agent.registry.getPrometheusRegistry());
    new AgentRoutes(
            agent.registry.getPrometheusRegistry(),
            agent::status,
            agent.scheduler::statuses,
            clock,
            agent.readyByMillis,
            agent::reload)
        .addTo(agent.http);
    new HealthRoutes(agent.health, agent.probes).addTo(agent.http);
    new StatusPage(agent.health, agent.probes, agent.history, agent::status).addTo(agent.http);
    try {
      agent.http.bind();
    } catch (IOException e) {
      agent.http.close();
      agent.scheduler.close(0);
      // Jetty wraps the JDK's BindException ("Address already in use"): the cause says why.
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new IOException(
          "cannot listen on " + config.http().listen() + ": " + cause.getMessage(), e);
    }
    try {
      agent.startExtensions();
      agent.http.start();
    } catch (IOException e) {
      agent.http.close();
      agent.closeExtensions(Deadline.in(Duration.ofSeconds(1)));
      agent.scheduler.close(0);
      throw e;
    }
    agent.scheduler.start();
    LOG.info(
        "kshealth {} listening on {} with {} collector(s){} from {}",
        Version.get(),
        config.http().host() + ":" + agent.http.port(),
        config.collectors().size(),
        agent.extensions.isEmpty() ? "" : " and " + String.join(", ", agent.extensions.keySet()),
        config.source());
    return agent;
  }

  /** Starts only the collectors, for a one-shot run: no HTTP, history neither loaded nor saved. */
  public static Agent startCollectorsOnly(AgentConfig config, Clock clock) {
    Agent agent = new Agent(config, clock, SelfMetrics.create(), Duration.ZERO);
    agent.scheduler.start();
    return agent;
  }

  public AgentStatus status() {
    return new AgentStatus(
        Version.get(),
        startedMillis,
        readyByMillis,
        clock.millis(),
        scheduler.statuses(),
        history.seriesCount(),
        history.endedSeriesCount(),
        history.pointCount(),
        history.droppedSeriesTotal(),
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions)));
  }

  /**
   * Reloads every extension (SIGHUP, {@code POST /-/reload}). Each keeps running on its old
   * settings when its reload fails; the outcome says which failed and why.
   */
  public synchronized ReloadOutcome reload() {
    List<String> failures = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    extensions.forEach(
        (name, extension) -> {
          ReloadOutcome outcome = extension.reload();
          (outcome.ok() ? messages : failures).add(name + ": " + outcome.message());
        });
    web.ifPresent(
        w -> {
          boolean reloaded = w.reloadIfChanged();
          if (w.status().lastReloadSuccessful()) {
            messages.add("web config: " + (reloaded ? "reloaded" : "unchanged"));
          } else {
            failures.add("web config: " + w.status().lastError().orElse("not loaded"));
          }
        });
    if (extensions.isEmpty() && web.isEmpty()) {
      messages.add("nothing to reload");
    }
    return failures.isEmpty()
        ? new ReloadOutcome(true, String.join("; ", messages))
        : new ReloadOutcome(false, String.join("; ", failures));
  }

  private void startExtensions() throws IOException {
    AgentHttpServer http = Objects.requireNonNull(this.http, "the HTTP server starts first");
    String url = config.http().baseUrl(http.port(), http.tls());
    ExtensionContext context =
        new ExtensionContext(
            clock,
            history,
            dataDir.persistentDir(),
            url,
            this::selfSamples,
            dataDir,
            scheduler.evidenceSources());
    for (Map.Entry<String, ExtensionSettings> e : config.extensions().entrySet()) {
      Extension extension;
      try {
        extension = e.getValue().start(context);
      } catch (IOException failure) {
        throw new IOException(
            "cannot start " + e.getKey() + ": " + IoErrors.describe(failure), failure);
      }
      extensions.put(e.getKey(), extension);
      extension.routes().forEach(http::route);
    }
  }

  /** What the agent says of itself: its collectors' health, its history, its extensions. */
  private List<io.kshealth.api.Sample> selfSamples() {
    long now = clock.millis();
    List<io.kshealth.api.Sample> samples =
        new ArrayList<>(SchedulerMetrics.samples(scheduler.statuses(), now));
    samples.addAll(HistoryMetrics.samples(history, now));
    web.ifPresent(w -> samples.addAll(WebSecurityMetrics.samples(w.status(), now)));
    samples.addAll(dataDir.samples(now));
    for (Extension extension : extensions.values()) {
      samples.addAll(extension.samples());
    }
    // The verdict is for /metrics only: rules have its causes, and the history need not keep it.
    samples.addAll(probes.samples());
    return samples;
  }

  /** The pending and firing alerts of every extension (the rule engine's), for the verdict. */
  private List<AlertReason> activeAlerts() {
    List<AlertReason> alerts = new ArrayList<>();
    for (Extension extension : extensions.values()) {
      alerts.addAll(extension.activeAlerts());
    }
    return alerts;
  }

  private void closeExtensions(Deadline deadline) {
    for (Extension extension : extensions.values()) {
      extension.close(deadline);
    }
  }

  public LatestSnapshots latest() {
    return latest;
  }

  /** The history store, for tests of what reaches it and what {@code /metrics} shows. */
  HistoryStore history() {
    return history;
  }

  public int httpPort() {
    return Objects.requireNonNull(http, "not started").port();
  }

  @Override
  public void close() {
    LOG.info("stopping");
    Deadline beforeHistory = Deadline.in(STOP_WITHIN.minus(HISTORY_SAVE));
    if (http != null) {
      http.close();
    }
    // Every loop is told first, so collector runs, evaluations and deliveries wind down together,
    // then all are awaited against the one deadline.
    scheduler.stop();
    closeExtensions(beforeHistory);
    scheduler.awaitAndClose(beforeHistory);
    selfMetrics.close();
    if (http != null && historyFile.isPresent()) {
      try {
        historyFile.get().save(history);
        dataDir.written(DataDirHealth.HISTORY);
      } catch (IOException e) {
        dataDir.failed(DataDirHealth.HISTORY);
        LOG.warn("could not save history: {}", IoErrors.describe(e));
      }
    }
    LOG.info("stopped");
  }
}
