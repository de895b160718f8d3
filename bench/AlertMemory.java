import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.engine.EngineSettings;
import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap per alert instance, for alerting.max-alerts (docs/benchmarks.md): a rule per partition
 * with annotations of the rule pack's length, over SERIES partitions whose condition holds; the
 * engine evaluated twice (pending, then firing), so it holds every instance and the result it
 * published (the alerts and their saved state). Prints the heap used after a full GC with the
 * instances, less that with the same rule and series but none holding. Run by
 * bench/alert-memory.sh, one JVM per measurement.
 *
 * <p>Usage: {@code AlertMemory SERIES}
 */
public class AlertMemory {

  static final String RULE =
      """
      groups:
        - name: lag
          rules:
            - alert: BenchPartitionStalled
              series: kshealth_bench_partition_status
              expr: value >= 3.0
              for: 1m
              labels:
                severity: critical
              annotations:
                summary: "Partition {{ labels.topic }}-{{ labels.partition }} of group {{ labels.group }} is stalled: its member holds it but commits nothing while records wait"
                description: "The app looks alive (and may say RUNNING) yet processes nothing on this partition, so its lag grows until it is unblocked; once its member is put out of the group (session timeout, max.poll.interval.ms) it reads STOP. Look at the stream threads (kshealth_streams_thread_seconds_since_last_poll, restores, a jstack thread dump) and the record at the committed offset."
                runbook_url: "https://github.com/kshealth/kshealth/blob/main/docs/rules/lag.md#benchpartitionstalled"
      """;

  static Object keep;

  public static void main(String[] args) throws Exception {
    int series = Integer.parseInt(args[0]);
    Path file = Files.createTempFile("alert-memory", ".yaml");
    Files.writeString(file, RULE);
    RuleSet rules = new RuleLoader(RuleLanguage.standard()).load(List.of(file));
    Files.delete(file);
    Map<Labels, SeriesPoints> points = new HashMap<>();
    double[] status = {0};
    for (int s = 0; s < series; s++) {
      points.put(
          Labels.of(
              "group", "orders-app", "topic", "orders-" + s / 100, "partition", "" + s % 100),
          null);
    }
    SeriesSource source =
        name -> {
          Map<Labels, SeriesPoints> out = new HashMap<>();
          points.keySet().forEach(l -> out.put(l, new SeriesPoints(new long[] {now}, status)));
          return out;
        };
    EngineSettings d = EngineSettings.DEFAULT;
    AlertEngine engine =
        new AlertEngine(
            rules,
            source,
            new EngineSettings(
                d.lookback(),
                d.historyWindow(),
                d.resolvedRetention(),
                d.evaluationInterval(),
                EngineSettings.UNBOUNDED));
    engine.evaluate(now);
    keep = engine;
    long none = usedAfterGc();
    status[0] = 3;
    now += 60_000;
    engine.evaluate(now);
    now += 60_000;
    engine.evaluate(now);
    long alerts = engine.result().alerts().size();
    if (alerts != series) {
      throw new IllegalStateException(alerts + " alerts for " + series + " series");
    }
    long used = usedAfterGc() - none;
    System.out.printf(
        "%d alert instances (firing): %.1f MiB, %d bytes each%n",
        series, used / 1048576.0, used / series);
  }

  static long now = 1_800_000_000_000L;

  static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
