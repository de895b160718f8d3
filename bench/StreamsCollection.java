import com.sun.management.OperatingSystemMXBean;
import io.kshealth.collectors.BuiltInCollectors;
import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.api.CollectorFactory;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.config.ConfigLoader;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectInstance;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What one collection of the {@code streams} collector costs the agent and the watched app, against
 * the peer: a full walk of the app's MBeans, as jmx_exporter does on every scrape. Run by
 * bench/streams-collection.sh in a JVM with the agent's lib/*.jar and its launcher's flags.
 *
 * <p>Usage: {@code StreamsCollection JMX_URL TARGET_PID COLLECTIONS WALKS CLK_TCK}. Prints one row
 * per variant, every figure per collection (or per walk), and the ratio kshealth / full walk.
 */
public class StreamsCollection {

  static final int WARMUP_COLLECTIONS = 50;
  static final int WARMUP_WALKS = 3;

  /** What jmx_exporter would be told to read of a Streams app: its Kafka and JVM MBeans. */
  static final List<String> WALKED = List.of("kafka.*:*", "java.lang:*", "java.nio:*");

  static final int BLOCKS = 10;
  static final long MIN_IDLE_MILLIS = 1_000;

  /** One collection or walk; returns the values it read. */
  interface Run {
    int once() throws Exception;
  }

  /** Per collection: times in ms, calls and values as counts. */
  record Result(
      String variant,
      int runs,
      double p50,
      double p99,
      double agentCpu,
      double targetRaw,
      double targetNet,
      double idleMsPerSecond,
      double calls,
      double values) {}

  private final long targetPid;
  private final long ticksPerSecond;

  StreamsCollection(long targetPid, long ticksPerSecond) {
    this.targetPid = targetPid;
    this.ticksPerSecond = ticksPerSecond;
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    StreamsCollection bench =
        new StreamsCollection(Long.parseLong(args[1]), Long.parseLong(args[4]));
    int collections = Integer.parseInt(args[2]);
    int walks = Integer.parseInt(args[3]);

    Result kshealth;
    try (Collector collector = streamsCollector(url)) {
      Map<String, Long> before = CountingJmxConnector.callsByKind();
      kshealth =
          bench.measure("kshealth", WARMUP_COLLECTIONS, collections, () -> collect(collector));
      System.out.println("kshealth's JMX calls per collection, by kind:");
      CountingJmxConnector.callsByKind()
          .forEach(
              (kind, n) ->
                  System.out.printf(
                      "  %6.2f  %s%n",
                      (double) (n - before.getOrDefault(kind, 0L))
                          / (collections + WARMUP_COLLECTIONS),
                      kind));
    }
    Result walk;
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url), null)) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      System.out.printf(
          "MBeans:   %d kafka.*, %d walked%n",
          server.queryNames(new ObjectName("kafka.*:*"), null).size(),
          WALKED.stream().mapToInt(p -> count(server, p)).sum());
      walk = bench.measure("full walk", WARMUP_WALKS, walks, () -> walk(server));
    }

    System.out.printf(
        "%-22s %5s %8s %8s %10s %10s %10s %7s %7s%n",
        "per collection",
        "runs",
        "p50 ms",
        "p99 ms",
        "agent CPU",
        "target raw",
        "target net",
        "calls",
        "values");
    for (Result r : List.of(kshealth, walk)) {
      System.out.printf(
          "%-22s %5d %8.2f %8.2f %10.2f %10.2f %10.2f %7.0f %7.0f%n",
          r.variant(),
          r.runs(),
          r.p50(),
          r.p99(),
          r.agentCpu(),
          r.targetRaw(),
          r.targetNet(),
          r.calls(),
          r.values());
    }
    System.out.printf(
        "%-22s %5s %8.4f %8.4f %10.4f %10.4f %10.4f %7.4f %7.4f%n",
        "kshealth / full walk",
        "",
        kshealth.p50() / walk.p50(),
        kshealth.p99() / walk.p99(),
        kshealth.agentCpu() / walk.agentCpu(),
        kshealth.targetRaw() / walk.targetRaw(),
        kshealth.targetNet() / walk.targetNet(),
        kshealth.calls() / walk.calls(),
        kshealth.values() / walk.values());
    System.out.printf(
        "target idle: %.1f ms CPU per s before kshealth, %.1f before the walk%n",
        kshealth.idleMsPerSecond(), walk.idleMsPerSecond());
  }

  /** The real collector, built from YAML through the agent's public API as the agent builds it. */
  static Collector streamsCollector(String url) throws Exception {
    Path yaml = Files.createTempFile("streams-collection-", ".yaml");
    try {
      Files.writeString(
          yaml,
          "collectors:\n"
              + "  streams:\n"
              + "    type: streams\n"
              + "    target: {jmx: {url: '"
              + url
              + "'}, timeout: 3s}\n"
              + "    interval: 1s\n");
      CollectorFactories factories =
          CollectorFactories.of(BuiltInCollectors.all().toArray(CollectorFactory[]::new));
      CollectorConfig config =
          new ConfigLoader(factories, System::getenv).load(yaml).collectors().get(0);
      return config.settings().create(new CollectorContext("streams", Clock.systemUTC()));
    } finally {
      Files.delete(yaml);
    }
  }

  /** One collection; fails unless the target answered, so that failures are never measured. */
  static int collect(Collector collector) throws Exception {
    Snapshot.Builder out = new Snapshot.Builder("streams", System.currentTimeMillis());
    collector.collect(out);
    List<Sample> samples = out.build().samples();
    boolean up =
        samples.stream()
            .anyMatch(s -> s.metric().name().equals("kshealth_target_up") && s.value() == 1);
    if (!up) {
      throw new IllegalStateException("the target did not answer: " + collector.target());
    }
    return samples.size();
  }

  /** What jmx_exporter does per scrape: every MBean's info, then all its readable attributes. */
  static int walk(MBeanServerConnection server) throws Exception {
    int values = 0;
    for (String pattern : WALKED) {
      for (ObjectInstance bean : server.queryMBeans(new ObjectName(pattern), null)) {
        String[] readable =
            Arrays.stream(server.getMBeanInfo(bean.getObjectName()).getAttributes())
                .filter(MBeanAttributeInfo::isReadable)
                .map(MBeanAttributeInfo::getName)
                .toArray(String[]::new);
        values += server.getAttributes(bean.getObjectName(), readable).size();
      }
    }
    return values;
  }

  static int count(MBeanServerConnection server, String pattern) {
    try {
      return server.queryNames(new ObjectName(pattern), null).size();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Warms up, then times {@code runs} back to back in up to {@value #BLOCKS} blocks, each right
   * after an idle period about as long as the block will take (at least {@value #MIN_IDLE_MILLIS}
   * ms, for the clock ticks to mean something). The target's net CPU is its CPU during each block
   * minus what it used at the idle rate measured just before, over the block's time: the app's own
   * work, GC and timers, which drift, hence short blocks interleaved rather than one long idle
   * period.
   */
  Result measure(String variant, int warmup, int runs, Run run) throws Exception {
    long[] warm = new long[warmup];
    for (int i = 0; i < warmup; i++) {
      long start = System.nanoTime();
      run.once();
      warm[i] = System.nanoTime() - start;
    }
    Arrays.sort(warm);
    long typicalNanos = warm[warmup / 2];

    long[] wall = new long[runs];
    long values = 0;
    long calls = 0;
    double agentMs = 0;
    double targetMs = 0;
    double idleMs = 0;
    double idleNanos = 0;
    double netMs = 0;
    int done = 0;
    int blocks = Math.min(BLOCKS, runs);
    for (int block = 0; block < blocks; block++) {
      int end = runs * (block + 1) / blocks;
      long idleTicks = targetTicks();
      long idleStart = System.nanoTime();
      Thread.sleep(Math.max(MIN_IDLE_MILLIS, typicalNanos * (end - done) / 1_000_000));
      long idleBlockNanos = System.nanoTime() - idleStart;
      double idleBlockMs = ticksToMs(targetTicks() - idleTicks);
      idleMs += idleBlockMs;
      idleNanos += idleBlockNanos;

      long callsBefore = CountingJmxConnector.calls();
      long agentBefore = agentCpuNanos();
      long ticksBefore = targetTicks();
      long start = System.nanoTime();
      for (; done < end; done++) {
        long t = System.nanoTime();
        values += run.once();
        wall[done] = System.nanoTime() - t;
      }
      long elapsed = System.nanoTime() - start;
      double blockMs = ticksToMs(targetTicks() - ticksBefore);
      agentMs += (agentCpuNanos() - agentBefore) / 1e6;
      calls += CountingJmxConnector.calls() - callsBefore;
      targetMs += blockMs;
      netMs += blockMs - idleBlockMs / idleBlockNanos * elapsed;
    }

    Arrays.sort(wall);
    return new Result(
        variant,
        runs,
        wall[(50 * runs + 99) / 100 - 1] / 1e6,
        wall[(99 * runs + 99) / 100 - 1] / 1e6,
        agentMs / runs,
        targetMs / runs,
        netMs / runs,
        idleMs / idleNanos * 1e9,
        (double) calls / runs,
        (double) values / runs);
  }

  double ticksToMs(long ticks) {
    return ticks * 1000.0 / ticksPerSecond;
  }

  static long agentCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** utime + stime of the target, in clock ticks, from /proc/PID/stat. */
  long targetTicks() throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(targetPid), "stat"));
    // The command name in parentheses may hold spaces; the fields after it are fixed.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
