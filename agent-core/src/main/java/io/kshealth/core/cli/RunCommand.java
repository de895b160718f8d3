package io.kshealth.core.cli;

import io.kshealth.core.agent.Agent;
import io.kshealth.core.agent.SelfMetrics;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.extension.ExtensionFactory;
import io.kshealth.core.http.AgentHttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kshealth run}: the daemon. Stops on SIGTERM or SIGINT; reloads on SIGHUP. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the agent: collect, keep history and serve /metrics until stopped.")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /** Past {@link Agent#STOP_WITHIN}, still within the 5 s promised after SIGTERM. */
  private static final long STOP_MARGIN_MILLIS = 500;

  private final CollectorFactories factories;
  private final List<ExtensionFactory> extensions;

  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "ADDR",
      description = "Listen on host:port instead of the config's http.listen.")
  String listen;

  @Option(
      names = "--web.config.file",
      paramLabel = "FILE",
      description =
          "TLS and basic auth settings in the Prometheus exporter-toolkit format, instead of the"
              + " config's http.web-config-file.")
  Path webConfigFile;

  RunCommand(CollectorFactories factories, List<ExtensionFactory> extensions) {
    this.factories = factories;
    this.extensions = extensions;
  }

  @Override
  public Integer call() throws InterruptedException {
    CompletableFuture<SelfMetrics> selfMetrics = prepareServing();
    Optional<AgentConfig> loaded = config.load(factories, extensions, spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return KshealthCli.INVALID;
    }
    AgentConfig c = loaded.get();
    if (listen != null) {
      try {
        c = c.withHttp(c.http().withListen(listen));
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("--listen '" + listen + "': " + e.getMessage());
        return KshealthCli.INVALID;
      }
    }
    if (webConfigFile != null) {
      c = c.withHttp(c.http().withWebConfigFile(webConfigFile));
    }
    LoggingSetup.apply(c.logging());
    Agent agent;
    try {
      agent =
          Agent.start(
              c,
              Clock.systemUTC(),
              made(selfMetrics),
              Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()));
    } catch (ConfigException e) {
      ConfigOption.print(e, c.http().webConfigFile().orElseThrow(), spec.commandLine().getErr());
      return KshealthCli.INVALID;
    } catch (IOException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return KshealthCli.FAILED;
    }
    ReloadOnHangup.install(agent);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(agent, stopped), "kshealth-shutdown"));
    stopped.await();
    return KshealthCli.OK;
  }

  /**
   * What serving needs and the config does not change, made on the second core while this one reads
   * the config and type-checks the rules (docs/benchmarks.md, "Start-up on two cores"): the agent's
   * own metrics, then the HTTP server's classes, loaded and initialized by a server that is built
   * and dropped, never bound. The agent is built only once both are done, so no class is
   * initialized by two threads at once.
   */
  private static CompletableFuture<SelfMetrics> prepareServing() {
    CompletableFuture<SelfMetrics> made = new CompletableFuture<>();
    Thread preparing =
        new Thread(
            () -> {
              try {
                SelfMetrics metrics = SelfMetrics.create();
                AgentHttpServer.loadClasses();
                made.complete(metrics);
              } catch (RuntimeException | Error e) {
                made.completeExceptionally(e);
              }
            },
            "kshealth-prepare");
    preparing.setDaemon(true);
    preparing.start();
    return made;
  }

  private static SelfMetrics made(CompletableFuture<SelfMetrics> selfMetrics)
      throws InterruptedException {
    try {
      return selfMetrics.get();
    } catch (ExecutionException e) {
      // Nothing in them depends on the config: a failure is a bug, as it would be on this thread.
      throw new IllegalStateException("preparing to serve failed", e.getCause());
    }
  }

  /**
   * Closes the agent, waiting for it a little longer than it promises to take, and no longer: the
   * JVM exits when this hook returns, whatever part of the shutdown still hangs (a file write on a
   * stuck disk, a thread that never yields).
   */
  private static void stop(Agent agent, CountDownLatch stopped) {
    Thread closing = new Thread(agent::close, "kshealth-close");
    closing.setDaemon(true);
    closing.start();
    try {
      closing.join(Agent.STOP_WITHIN.plusMillis(STOP_MARGIN_MILLIS).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closing.isAlive()) {
      LOG.warn("shutdown did not finish within {}: exiting anyway", Agent.STOP_WITHIN);
    }
    stopped.countDown();
  }
}
