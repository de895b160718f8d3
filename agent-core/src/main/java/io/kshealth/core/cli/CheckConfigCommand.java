package io.kshealth.core.cli;

import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.config.HeapBudget;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.config.Units;
import io.kshealth.core.extension.ExtensionFactory;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kshealth check-config}: validates a config file and says what it would run. */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    description = {
      "Check a config file: exit 0 with a summary of what would run,",
      "or exit 2 with every error, each at its file:line:column."
    })
final class CheckConfigCommand implements Callable<Integer> {

  private final CollectorFactories factories;
  private final List<ExtensionFactory> extensions;

  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  CheckConfigCommand(CollectorFactories factories, List<ExtensionFactory> extensions) {
    this.factories = factories;
    this.extensions = extensions;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<AgentConfig> loaded = config.load(factories, extensions, spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return KshealthCli.INVALID;
    }
    AgentConfig c = loaded.get();
    HistoryConfig h = c.history();
    StringBuilder web = new StringBuilder();
    if (!ConfigOption.checkWebConfig(
        c.http(),
        spec.commandLine().getErr(),
        w ->
            web.append(
                String.format(
                    "  web config  %s: %s%s%n",
                    c.http().webConfigFile().get(),
                    w.summary(),
                    w.users().isEmpty() || c.http().authExempt().isEmpty()
                        ? ""
                        : ", except on " + String.join(", ", c.http().authExempt()))))) {
      return KshealthCli.INVALID;
    }
    out.printf("%s: valid%n", c.source());
    out.printf("  listen      %s%n", c.http().listen());
    out.print(web);
    out.printf(
        "  logging     %s, %s%n",
        ConfigNode.spelling(c.logging().level()), ConfigNode.spelling(c.logging().format()));
    out.printf(
        "  history     window %s, at most %d series, stale after %s, %s%n",
        Units.formatDuration(h.window()),
        h.maxSeries(),
        Units.formatDuration(h.staleAfter()),
        h.dataDir()
            .map(d -> "saved to " + d + " (at most " + Units.formatSize(h.maxFileBytes()) + ")")
            .orElse("not saved across restarts"));
    printHeap(out, c.heap());
    out.printf("  collectors  %d%n", c.collectors().size());
    for (CollectorConfig cc : c.collectors()) {
      out.printf(
          "    %-16s %-10s every %s, timeout %s%s  %s%n",
          cc.name(),
          cc.type(),
          Units.formatDuration(cc.interval()),
          Units.formatDuration(cc.timeout()),
          cc.expose() ? "" : ", not on /metrics",
          cc.settings());
    }
    c.extensions()
        .forEach((section, settings) -> out.printf("  %-11s %s%n", section, settings.summary()));
    out.flush();
    return KshealthCli.OK;
  }

  /** Each bound on the agent's data at its full size, and the heap they need together. */
  private static void printHeap(PrintWriter out, HeapBudget heap) {
    out.printf(
        "  heap        %s at every bound, of the %s heap (-Xmx):%n",
        Units.formatSize(heap.totalBytes()), Units.formatSize(heap.maxHeapBytes()));
    for (HeapBudget.Line line : heap.lines()) {
      out.printf(
          "    %-38s %9s  %d %s%n",
          line.path(),
          Units.formatSize(line.bound().bytes()),
          line.bound().units(),
          line.bound().unit());
    }
    out.printf(
        "    %-38s %9s%n", "(the rest of the agent)", Units.formatSize(HeapBudget.RESERVE_BYTES));
  }
}
