package io.kshealth.core.agent;

import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.extension.Extension;
import io.kshealth.core.extension.Extension.ReloadOutcome;
import io.kshealth.core.extension.ExtensionContext;
import io.kshealth.core.extension.ExtensionSettings;
import io.kshealth.core.history.HistoryFile;
import io.kshealth.core.history.HistoryMetrics;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.http.AgentHttpServer;
import io.kshealth.core.http.AgentStatus;
import io.kshealth.core.http.SampleExposition;
import io.kshealth.core.schedule.CollectorScheduler;
import io.kshealth.core.schedule.Deadline;
import io.kshealth.core.schedule.SchedulerMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
  private static final long HISTORY_SAVE_MILLIS = 1000;

  /** The part kept for the extensions (stopping rules and notifiers, saving alert state). */
  private static final long EXTENSIONS_MILLIS = 1000;

  private final AgentConfig config;
  private final Clock clock;
  private final long startedMillis;
  private final HistoryStore history;
  private final Optional<HistoryFile> historyFile;
  private final LatestSnapshots latest;
  private final CollectorScheduler scheduler;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final Map<String, Extension> extensions = new LinkedHashMap<>();
  private AgentHttpServer http;

  private Agent(AgentConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.startedMillis = clock.millis();
    this.history = new HistoryStore(config.history(), clock);
    this.historyFile = config.history().dataDir().map(dir -> new HistoryFile(dir, clock));
    this.latest = new LatestSnapshots(history);
    this.scheduler =
        new CollectorScheduler(
            config.collectors(), latest, clock, () -> ThreadLocalRandom.current().nextDouble());
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(ProcessCpuSeconds.DENY_NON_STANDARD);
    new JvmMemoryMetrics().bindTo(registry);
    this.gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new ProcessCpuSeconds().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    registry
        .getPrometheusRegistry()
        .register(new SampleExposition(List.of(latest::exposedSamples, this::selfSamples)));
  }

  /** Starts collecting, the extensions (alerting) and serving HTTP. */
  public static Agent start(AgentConfig config, Clock clock) throws IOException {
    Agent agent = new Agent(config, clock);
    agent.historyFile.ifPresent(f -> f.load(agent.history));
    try {
      agent.http =
          new AgentHttpServer(
              config.http(), agent.registry.getPrometheusRegistry(), agent::status, agent::reload);
      agent.startExtensions();
      agent.http.start();
    } catch (IOException e) {
      agent.closeExtensions(Deadline.in(Duration.ofSeconds(1)));
      agent.scheduler.close(0);
      throw new IOException("cannot start on " + config.http().listen() + ": " + e.getMessage(), e);
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
    Agent agent = new Agent(config, clock);
    agent.scheduler.start();
    return agent;
  }

  public AgentStatus status() {
    return new AgentStatus(
        Version.get(),
        startedMillis,
        clock.millis(),
        scheduler.statuses(),
        history.seriesCount(),
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
    if (extensions.isEmpty()) {
      messages.add("nothing to reload");
    }
    return failures.isEmpty()
        ? new ReloadOutcome(true, String.join("; ", messages))
        : new ReloadOutcome(false, String.join("; ", failures));
  }

  private void startExtensions() throws IOException {
    String url = config.http().baseUrl(http.port());
    ExtensionContext context =
        new ExtensionContext(clock, history, config.history().dataDir(), url, this::selfSamples);
    for (Map.Entry<String, ExtensionSettings> e : config.extensions().entrySet()) {
      Extension extension = e.getValue().start(context);
      extensions.put(e.getKey(), extension);
      extension.routes().forEach(http::route);
    }
  }

  /** What the agent says of itself: its collectors' health, its history, its extensions. */
  private List<io.kshealth.core.model.Sample> selfSamples() {
    long now = clock.millis();
    List<io.kshealth.core.model.Sample> samples =
        new ArrayList<>(SchedulerMetrics.samples(scheduler.statuses(), now));
    samples.addAll(HistoryMetrics.samples(history, now));
    for (Extension extension : extensions.values()) {
      samples.addAll(extension.samples());
    }
    return samples;
  }

  private void closeExtensions(Deadline deadline) {
    for (Extension extension : extensions.values()) {
      extension.close(deadline);
    }
  }

  public LatestSnapshots latest() {
    return latest;
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    LOG.info("stopping");
    Deadline deadline = Deadline.in(STOP_WITHIN);
    if (http != null) {
      http.close();
    }
    // Collector runs in flight get what the later parts do not need.
    scheduler.close(
        Math.max(0, deadline.remainingMillis() - EXTENSIONS_MILLIS - HISTORY_SAVE_MILLIS));
    closeExtensions(
        Deadline.in(
            Duration.ofMillis(Math.max(0, deadline.remainingMillis() - HISTORY_SAVE_MILLIS))));
    gcMetrics.close();
    registry.close();
    if (http != null && historyFile.isPresent()) {
      try {
        historyFile.get().save(history);
      } catch (IOException e) {
        LOG.warn("could not save history: {}", e.toString());
      }
    }
    LOG.info("stopped");
  }
}
