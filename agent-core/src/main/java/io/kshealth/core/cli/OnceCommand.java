package io.kshealth.core.cli;

import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.agent.Agent;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.extension.ExtensionFactory;
import io.kshealth.core.schedule.CollectorStatus;
import io.kshealth.core.schedule.Deadline;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kshealth once}: every enabled collector runs once; a table of what each saw. */
@Command(
    name = "once",
    mixinStandardHelpOptions = true,
    description = {
      "Run every enabled collector once and print what each saw.",
      "Exit 1 if any collector failed: the quick check on a new host."
    })
final class OnceCommand implements Callable<Integer> {

  private final CollectorFactories factories;
  private final List<ExtensionFactory> extensions;

  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  OnceCommand(CollectorFactories factories, List<ExtensionFactory> extensions) {
    this.factories = factories;
    this.extensions = extensions;
  }

  @Override
  public Integer call() throws InterruptedException {
    Optional<AgentConfig> loaded = config.load(factories, extensions, spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return KshealthCli.INVALID;
    }
    LoggingSetup.quiet();
    AgentConfig c = loaded.get();
    List<CollectorStatus> statuses;
    try (Agent agent = Agent.startCollectorsOnly(c, Clock.systemUTC())) {
      awaitFirstRuns(agent, c);
      statuses = agent.status().collectors();
      print(agent, statuses, spec.commandLine().getOut());
    }
    return statuses.stream().allMatch(s -> s.up().orElse(false))
        ? KshealthCli.OK
        : KshealthCli.FAILED;
  }

  /** Waits until every collector has finished or timed out; the scheduler enforces timeouts. */
  private static void awaitFirstRuns(Agent agent, AgentConfig c) throws InterruptedException {
    Duration longest =
        c.collectors().stream()
            .map(CollectorConfig::timeout)
            .max(Comparator.naturalOrder())
            .orElse(Duration.ZERO);
    agent
        .latest()
        .awaitRuns(
            c.collectors().stream().map(CollectorConfig::name).toList(),
            Deadline.in(longest.plusSeconds(2)));
  }

  private static void print(Agent agent, List<CollectorStatus> statuses, PrintWriter out) {
    out.printf(
        "%-16s %-10s %-8s %9s %8s  %s%n",
        "COLLECTOR", "TYPE", "RESULT", "TIME", "SAMPLES", "ERROR");
    for (CollectorStatus s : statuses) {
      Optional<Snapshot> snapshot = agent.latest().get(s.name());
      out.printf(
          "%-16s %-10s %-8s %8.3fs %8s  %s%n",
          s.name(),
          s.type(),
          s.up().map(up -> up ? "ok" : "FAILED").orElse("NO RUN"),
          s.lastDurationSeconds(),
          snapshot.map(sn -> String.valueOf(sn.samples().size())).orElse("-"),
          s.lastError().orElse(""));
    }
    for (CollectorStatus s : statuses) {
      Optional<Snapshot> snapshot = agent.latest().get(s.name());
      if (snapshot.isEmpty() || snapshot.get().samples().isEmpty()) {
        continue;
      }
      out.printf("%n%s%s:%n", s.name(), s.target().map(t -> " (" + t + ")").orElse(""));
      for (Sample sample : snapshot.get().samples()) {
        out.printf(
            "  %-60s %s%n", sample.metric().name() + sample.labels(), HumanValue.format(sample));
      }
    }
    out.flush();
  }
}
