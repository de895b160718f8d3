import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * The measuring side of bench/lag-agent-collection.sh, run in a JVM with the agent's lib/*.jar and
 * its launcher's flags. It starts the real agent distribution ({@code bin/kshealth run}) with a
 * config holding only the {@code lag} collector in group scope, follows its runs through {@code
 * /api/v1/status} and {@code /metrics}, and measures per run: the run's duration (the scheduler's
 * {@code kshealth_collector_duration_seconds}), the deltas of {@code
 * kshealth_lag_broker_requests_total} and {@code kshealth_lag_records_read_total}, the agent's CPU
 * ({@code /proc/PID/stat}, and per thread from {@code /proc/PID/task/TID/schedstat}) and GC pauses.
 * It checks every run's values against what the broker side set up (every partition reported, each
 * with a time lag equal to now - BASE - committed offset).
 *
 * <p>Phases: COLD agent starts (the first run of each: every record at a committed offset read);
 * steady (offsets unchanged: the reader's cache answers); moving (every committed offset moved by
 * one after each run, so each run reads every partition's record again: the reader's worst case).
 * Then the peer, in this JVM: the Admin calls {@code kafka-consumer-groups.sh --describe} makes
 * (describe the group, list its committed offsets, list every partition's end offset).
 *
 * <p>Usage: {@code LagAgentDriver KSHEALTH_HOME CONFIG AGENT_LOG BOOTSTRAP GROUP BASE_MILLIS
 * PARTITIONS LAG COLD WARMUP STEADY MOVING PEER BROKER_PID
 * DURATION_SECONDS}; PARTITIONS is the group's total (both
 * topics). The broker's CPU per run is measured too (/proc/BROKER_PID/stat), net of its idle rate
 * taken over 10 s before the first agent starts, and, in the moving phase, net of its work for the
 * driver's offset moves. DURATION_SECONDS above 0 makes the steady phase last that long instead of
 * STEADY runs, printing the agent's memory and the checks so far every 5 minutes.
 */
public class LagAgentDriver {

  static final long CLK_TCK = 100;

  static Path home;
  static Path config;
  static Path agentLog;
  static String bootstrap;
  static String group;
  static long base;
  static int partitions;
  static int lag;
  static long brokerPid;
  static double brokerIdleMsPerSecond = Double.NaN;

  public static void main(String[] args) throws Exception {
    home = Path.of(args[0]);
    config = Path.of(args[1]);
    agentLog = Path.of(args[2]);
    bootstrap = args[3];
    group = args[4];
    base = Long.parseLong(args[5]);
    partitions = Integer.parseInt(args[6]);
    lag = Integer.parseInt(args[7]);
    int cold = Integer.parseInt(args[8]);
    int warmup = Integer.parseInt(args[9]);
    int steady = Integer.parseInt(args[10]);
    int moving = Integer.parseInt(args[11]);
    int peerRuns = Integer.parseInt(args[12]);
    brokerPid = Long.parseLong(args[13]);
    long durationSeconds = Long.parseLong(args[14]);
    if (warmup + moving + 1 > lag) {
      throw new IllegalArgumentException("LAG must exceed the moves: " + (warmup + moving));
    }

    List<Phase> phases = new ArrayList<>();
    Phase first = new Phase("kshealth, first run (new agent)");
    Agent agent = null;
    for (int i = 0; i < cold; i++) {
      agent = Agent.start();
      Run r = agent.next(60_000);
      r.brokerWindowMs = Double.NaN; // the run may start before /api/v1/status answers
      first.add(r);
      System.out.printf(
          "cold start %d: first run %.0f ms after %d ms, %.0f requests, %.0f records read%n",
          i + 1, r.durationMs, r.startedAfterMs, r.requests, r.reads);
      if (i < cold - 1) {
        agent.stop();
      }
    }
    phases.add(first);

    Phase still = new Phase("kshealth, offsets steady");
    for (int i = 0; i < warmup; i++) {
      agent.next(30_000);
    }
    if (durationSeconds > 0) {
      // A long run: for that long, with the agent's memory and the checks so far every 5 minutes;
      // every MOVE_EVERY-th run (0: none) follows a move of every committed offset by one, so the
      // record reader reads every partition again (these runs are counted apart, not measured).
      long start = System.currentTimeMillis();
      long end = start + durationSeconds * 1000;
      long nextReport = start;
      int moveEvery = Integer.parseInt(System.getenv().getOrDefault("MOVE_EVERY", "0"));
      int moves = 0;
      try (Admin mover = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            new HashMap<>(mover.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
        for (int run = 1; ; run++) {
          long now = System.currentTimeMillis();
          if (now >= nextReport) {
            System.out.printf(
                "  at %4.1f min: %s, %d moves; %s%n",
                (now - start) / 60_000.0, agent.memory(), moves, still.checks());
            nextReport += 300_000;
          }
          if (now >= end) {
            break;
          }
          if (moveEvery > 0 && run % moveEvery == 0 && moves + warmup + moving + 1 < lag) {
            offsets.replaceAll((tp, o) -> new OffsetAndMetadata(o.offset() + 1));
            mover.alterConsumerGroupOffsets(group, offsets).all().get();
            moves++;
            Run moved = agent.next(30_000);
            if (moved.partitions != partitions || moved.wrongLags > 0 || moved.wrongTimeLags > 0) {
              still.add(moved); // a failed check counts among the checks printed
            }
            continue;
          }
          still.add(agent.next(30_000));
        }
      }
    } else {
      for (int i = 0; i < steady; i++) {
        still.add(agent.next(30_000));
      }
    }
    phases.add(still);
    // The broker's CPU between runs, while the agent asks nothing: taken out of its CPU within
    // each run (and each peer poll) below.
    brokerIdleMsPerSecond =
        still.runs.stream().mapToDouble(r -> r.brokerOutsideMs).sum()
            / still.runs.stream().mapToDouble(r -> r.outsideNanos / 1e9).sum();
    for (Phase p : phases) {
      p.runs.forEach(Run::netBroker);
    }
    System.out.printf("broker between runs: %.1f ms of CPU per s%n", brokerIdleMsPerSecond);
    System.out.println("steady: " + still.runs.size() + " runs");

    Phase move = new Phase("kshealth, every offset moved");
    try (Admin mover = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          new HashMap<>(mover.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
      int late = 0;
      for (int i = 0; i < warmup + moving; i++) {
        offsets.replaceAll((tp, o) -> new OffsetAndMetadata(o.offset() + 1));
        mover.alterConsumerGroupOffsets(group, offsets).all().get();
        long moved = System.currentTimeMillis();
        Run r = agent.next(30_000);
        if (r.startedMillis < moved) {
          // The run started before the move was committed: it does not measure a move.
          late++;
          r = agent.next(30_000);
        }
        if (i >= warmup) {
          move.add(r);
        }
      }
      System.out.println("moving: " + move.runs.size() + " runs, " + late + " runs skipped (started before the move)");
    }
    move.runs.forEach(Run::netBroker);
    phases.add(move);
    Map<String, Double> end = agent.metricsSummary();
    System.out.println("agent at the end: " + agent.memory());
    agent.stop();

    Phase peer = peer(warmup, peerRuns);
    phases.add(peer);

    System.out.println();
    System.out.printf(
        "%-34s %4s %8s %8s %8s %9s %8s %8s %8s %8s %8s%n",
        "per run", "runs", "p50 ms", "p99 ms", "max ms", "requests", "records", "CPU ms", "lag CPU", "GC ms", "broker");
    for (Phase p : phases) {
      System.out.println(p.row());
    }
    Phase steadyP = phases.get(1);
    Phase movingP = phases.get(2);
    System.out.println();
    System.out.printf(
        "ratio kshealth steady / peer: time %.2f, requests %.2f, CPU %.2f (lag threads %.2f)%n",
        steadyP.p(50) / peer.p(50),
        steadyP.mean(r -> r.requests) / peer.mean(r -> r.requests),
        steadyP.mean(r -> r.cpuMs) / peer.mean(r -> r.cpuMs),
        steadyP.mean(r -> r.lagCpuMs) / peer.mean(r -> r.cpuMs));
    System.out.printf(
        "ratio kshealth / peer, broker CPU: steady %.2f, moving %.2f%n",
        steadyP.mean(r -> r.brokerMs) / peer.mean(r -> r.brokerMs),
        movingP.mean(r -> r.brokerMs) / peer.mean(r -> r.brokerMs));
    System.out.printf(
        "ratio kshealth moving / peer: time %.2f, requests %.2f, CPU %.2f (lag threads %.2f)%n",
        movingP.p(50) / peer.p(50),
        movingP.mean(r -> r.requests) / peer.mean(r -> r.requests),
        movingP.mean(r -> r.cpuMs) / peer.mean(r -> r.cpuMs),
        movingP.mean(r -> r.lagCpuMs) / peer.mean(r -> r.cpuMs));
    System.out.println();
    System.out.println("agent CPU per run by thread (ms, mean):");
    for (Phase p : phases.subList(0, 3)) {
      System.out.printf("  %-34s %s%n", p.name, p.threads());
    }
    System.out.println();
    System.out.println("checks (every measured run of the agent):");
    for (Phase p : phases.subList(0, 3)) {
      System.out.printf("  %-34s %s%n", p.name, p.checks());
    }
    System.out.println("  at the end: " + end);
  }

  // ---------------------------------------------------------------- the peer

  static Phase peer(int warmup, int runs) throws Exception {
    Phase peer = new Phase("peer: describe + offsets + ends");
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.METRIC_REPORTER_CLASSES_CONFIG,
                "",
                AdminClientConfig.ENABLE_METRICS_PUSH_CONFIG,
                false))) {
      for (int i = 0; i < warmup; i++) {
        peerOnce(admin);
      }
      for (int i = 0; i < runs; i++) {
        double requests = requests(admin);
        long cpu = processCpuNanos();
        long broker = brokerNanos();
        long t0 = System.nanoTime();
        int read = peerOnce(admin);
        Run r = new Run();
        r.durationMs = (System.nanoTime() - t0) / 1e6;
        r.brokerWindowMs = (brokerNanos() - broker) / 1e6;
        r.windowNanos = System.nanoTime() - t0;
        r.netBroker();
        r.cpuMs = (processCpuNanos() - cpu) / 1e6;
        r.requests = requests(admin) - requests;
        r.partitions = read;
        peer.add(r);
      }
      // What each Admin call costs, the peer's and the collector's.
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      List<String> topics = committed.keySet().stream().map(TopicPartition::topic).distinct().toList();
      // Each call once to warm up, then 20 times: requests, wall time and broker CPU per call.
      Map<String, Call> each = new LinkedHashMap<>();
      each.put("describeConsumerGroups", () -> admin.describeConsumerGroups(List.of(group)).all().get());
      each.put("listConsumerGroupOffsets", () -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
      each.put("describeTopics (2 topics)", () -> admin.describeTopics(topics).allTopicNames().get());
      each.put("listOffsets(latest)", () -> admin.listOffsets(latest).all().get());
      each.put(
          "listOffsets(latest, read_committed)",
          () -> admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get());
      System.out.println("per Admin call (" + committed.size() + " partitions, 20 calls each after one):");
      System.out.printf("  %-38s %8s %8s %10s%n", "call", "requests", "ms", "broker ms");
      for (Map.Entry<String, Call> e : each.entrySet()) {
        e.getValue().run();
        double requests = requests(admin);
        long broker = brokerNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          e.getValue().run();
        }
        long nanos = System.nanoTime() - t0;
        double brokerMs = (brokerNanos() - broker) / 1e6 - brokerIdleMsPerSecond * nanos / 1e9;
        System.out.printf(
            "  %-38s %8.1f %8.1f %10.1f%n",
            e.getKey(), (requests(admin) - requests) / 20, nanos / 1e6 / 20, brokerMs / 20);
      }
    }
    return peer;
  }

  /** kafka-consumer-groups.sh --describe: the group, its committed offsets, their end offsets. */
  static int peerOnce(Admin admin) throws Exception {
    admin.describeConsumerGroups(List.of(group)).all().get();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get();
    long total = 0;
    for (var e : committed.entrySet()) {
      total += ends.get(e.getKey()).offset() - e.getValue().offset();
    }
    if (total <= 0) {
      throw new IllegalStateException("the peer read no lag");
    }
    return ends.size();
  }

  interface Call {
    Object run() throws Exception;
  }

  static double requests(Admin admin) {
    for (Map.Entry<MetricName, ? extends Metric> e : admin.metrics().entrySet()) {
      if (e.getKey().name().equals("request-total")
          && e.getKey().group().equals("admin-client-metrics")) {
        return ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    throw new IllegalStateException("no request-total in the Admin client's metrics");
  }

  /** utime + stime of a process, in clock ticks. */
  static long ticksOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** The broker's CPU so far, every thread's (schedstat: nanoseconds, not 10 ms ticks). */
  static long brokerNanos() throws IOException {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc/" + brokerPid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          sum += Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
        } catch (IOException e) {
          // The thread ended meanwhile.
        }
      }
    }
    return sum;
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  // ---------------------------------------------------------------- one run, one phase

  static final class Run {
    double durationMs;
    long startedMillis;
    long startedAfterMs;
    double requests;
    double reads;
    double cpuMs;
    double lagCpuMs;
    double gcMs;
    double brokerMs = Double.NaN;
    double brokerWindowMs = Double.NaN;
    long windowNanos;
    double brokerOutsideMs;
    long outsideNanos;

    /** The broker's CPU from just before the run started to its end, less its rate between runs. */
    void netBroker() {
      if (!Double.isNaN(brokerWindowMs) && !Double.isNaN(brokerIdleMsPerSecond)) {
        brokerMs = brokerWindowMs - brokerIdleMsPerSecond * windowNanos / 1e9;
      }
    }
    Map<String, Double> threadsMs = new HashMap<>();
    int partitions;
    int timeLags;
    int wrongTimeLags;
    int wrongLags;
    boolean brokerUp = true;
  }

  interface Value {
    double of(Run r);
  }

  static final class Phase {
    final String name;
    final List<Run> runs = new ArrayList<>();

    Phase(String name) {
      this.name = name;
    }

    void add(Run r) {
      runs.add(r);
    }

    double p(int percentile) {
      double[] v = runs.stream().mapToDouble(r -> r.durationMs).sorted().toArray();
      return v[Math.max(0, (int) Math.ceil(v.length * percentile / 100.0) - 1)];
    }

    double mean(Value f) {
      return runs.stream().mapToDouble(f::of).average().orElse(Double.NaN);
    }

    String row() {
      double max = runs.stream().mapToDouble(r -> r.durationMs).max().orElse(0);
      boolean agent = !name.startsWith("peer");
      return String.format(
          "%-34s %4d %8.1f %8.1f %8.1f %9.1f %8.1f %8.1f %8s %8s %8s",
          name,
          runs.size(),
          p(50),
          p(99),
          max,
          mean(r -> r.requests),
          mean(r -> r.reads),
          mean(r -> r.cpuMs),
          agent ? String.format("%.1f", mean(r -> r.lagCpuMs)) : "-",
          agent ? String.format("%.1f", mean(r -> r.gcMs)) : "-",
          Double.isNaN(mean(r -> r.brokerMs)) ? "-" : String.format("%.1f", mean(r -> r.brokerMs)));
    }

    String threads() {
      Map<String, Double> sum = new java.util.TreeMap<>();
      runs.forEach(r -> r.threadsMs.forEach((k, v) -> sum.merge(k, v / runs.size(), Double::sum)));
      StringBuilder b = new StringBuilder();
      sum.forEach((k, v) -> b.append(String.format("%s %.1f, ", k, v)));
      return b.length() == 0 ? "-" : b.substring(0, b.length() - 2);
    }

    String checks() {
      long down = runs.stream().filter(r -> !r.brokerUp).count();
      long notAll = runs.stream().filter(r -> r.partitions != partitions).count();
      long missingTime = runs.stream().filter(r -> r.timeLags != partitions).count();
      int wrongTime = runs.stream().mapToInt(r -> r.wrongTimeLags).sum();
      int wrongLag = runs.stream().mapToInt(r -> r.wrongLags).sum();
      int minTime = runs.stream().mapToInt(r -> r.timeLags).min().orElse(0);
      return String.format(
          "broker down %d, runs not reporting all %d partitions %d, runs with time lag for fewer"
              + " (min %d) %d, wrong time lags %d, wrong offset lags %d",
          down, partitions, notAll, minTime, missingTime, wrongTime, wrongLag);
    }
  }

  // ---------------------------------------------------------------- the agent

  static final class Agent {
    final Process process;
    final long pid;
    final String url;
    final long startedMillis;
    int seenRuns;
    double lastRequests;
    double lastReads;
    double lastGcMs;
    long lastTicks;
    long lastBrokerNanos;
    long windowStartBroker;
    long windowStartWall;
    long lastWallNanos;
    Map<Long, Long> lastThreadNanos = new HashMap<>();
    Map<Long, String> threadNames = new HashMap<>();
    Map<String, Double> lastMetrics = Map.of();
    long metricsBytes;
    long metricsLines;

    private Agent(Process process, String url, long startedMillis) {
      this.process = process;
      this.pid = process.pid();
      this.url = url;
      this.startedMillis = startedMillis;
    }

    static Agent start() throws IOException {
      return start(Map.of());
    }

    /** Starts bin/kshealth with these variables added to this JVM's environment. */
    static Agent start(Map<String, String> env) throws IOException {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      long started = System.currentTimeMillis();
      ProcessBuilder b =
          new ProcessBuilder(
                  home.resolve("bin/kshealth").toString(),
                  "run",
                  "--config",
                  config.toString(),
                  "--listen",
                  "127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(agentLog.toFile()));
      b.environment().putAll(env);
      Process p = b.start();
      // A driver that fails leaves no agent behind.
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
      return new Agent(p, "http://127.0.0.1:" + port, started);
    }

    /** Waits for the next finished run and measures it against the previous one. */
    Run next(long timeoutMillis) throws Exception {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      windowStartWall = 0;
      long previousBroker = brokerNanos();
      long previousWall = System.nanoTime();
      String status;
      int runs;
      while (true) {
        if (!process.isAlive()) {
          List<String> log = Files.readAllLines(agentLog);
          throw new IllegalStateException(
              "the agent exited with "
                  + process.exitValue()
                  + " after "
                  + seenRuns
                  + " runs ("
                  + (System.currentTimeMillis() - startedMillis) / 1000
                  + " s); the end of its log:\n  "
                  + String.join("\n  ", log.subList(Math.max(0, log.size() - 3), log.size())));
        }
        long brokerNow = brokerNanos();
        long wallNow = System.nanoTime();
        status = get("/api/v1/status");
        runs = status == null ? 0 : (int) number(status, "runs");
        if (runs > seenRuns) {
          break;
        }
        if (status != null && status.matches("(?s).*\"running\"\\s*:\\s*true.*") && windowStartWall == 0) {
          // The run started within the last poll interval: the broker's CPU from before that poll.
          windowStartBroker = previousBroker;
          windowStartWall = previousWall;
        }
        previousBroker = brokerNow;
        previousWall = wallNow;
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("no run of the agent within " + timeoutMillis + " ms");
        }
        Thread.sleep(20);
      }
      // Read the CPU first: the scrape below is the agent's work too, but not the collector's.
      long ticks = ticks();
      long brokerEnd = brokerNanos();
      long wall = System.nanoTime();
      Map<Long, Long> threadNanos = threadNanos();
      String metrics = get("/metrics");
      metricsBytes = metrics.length();
      metricsLines = metrics.lines().filter(l -> !l.startsWith("#")).count();
      if (number(status, "errors") > 0) {
        throw new IllegalStateException("a run of the lag collector failed: " + status);
      }
      Run r = new Run();
      Map<String, Double> m = parse(metrics, r);
      r.durationMs = m.get("kshealth_collector_duration_seconds") * 1000;
      r.startedMillis = Math.round(m.get("kshealth_collector_snapshot_timestamp_seconds") * 1000);
      r.startedAfterMs = r.startedMillis - startedMillis;
      if (runs != seenRuns + 1 || m.get("kshealth_collector_runs_total") != runs) {
        System.out.println("  (runs went from " + seenRuns + " to " + runs + ": counters span more than one run)");
      }
      r.requests = m.get("kshealth_lag_broker_requests_total") - lastRequests;
      r.reads = m.get("kshealth_lag_records_read_total") - lastReads;
      r.gcMs = m.get("gc_ms") - lastGcMs;
      r.cpuMs = (ticks - lastTicks) * 1000.0 / CLK_TCK;
      if (windowStartWall != 0) {
        r.brokerWindowMs = (brokerEnd - windowStartBroker) / 1e6;
        r.windowNanos = wall - windowStartWall;
        if (lastWallNanos != 0) {
          r.brokerOutsideMs = (windowStartBroker - lastBrokerNanos) / 1e6;
          r.outsideNanos = windowStartWall - lastWallNanos;
        }
      }
      lastBrokerNanos = brokerEnd;
      lastWallNanos = wall;
      for (Map.Entry<Long, Long> e : threadNanos.entrySet()) {
        double ms = (e.getValue() - lastThreadNanos.getOrDefault(e.getKey(), 0L)) / 1e6;
        String group = threadGroup(threadNames.get(e.getKey()));
        r.threadsMs.merge(group, ms, Double::sum);
        if (group.equals("lag collector + Kafka clients")) {
          r.lagCpuMs += ms;
        }
      }
      seenRuns = runs;
      lastRequests = m.get("kshealth_lag_broker_requests_total");
      lastReads = m.get("kshealth_lag_records_read_total");
      lastGcMs = m.get("gc_ms");
      lastTicks = ticks;
      lastThreadNanos = threadNanos;
      lastMetrics = m;
      return r;
    }

    Map<String, Double> metricsSummary() {
      Map<String, Double> s = new LinkedHashMap<>();
      for (String k :
          List.of(
              "kshealth_history_series",
              "kshealth_history_series_dropped_total",
              "jvm_gc_live_data_size_bytes",
              "jvm_gc_max_data_size_bytes",
              "gc_ms",
              "kshealth_collector_runs_total",
              "kshealth_collector_errors_total")) {
        s.put(k, lastMetrics.get(k));
      }
      s.put("/metrics bytes", (double) metricsBytes);
      s.put("/metrics samples", (double) metricsLines);
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:") || line.startsWith("RssAnon:")) {
            s.put(line.substring(0, line.indexOf(':')) + " MiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
          }
        }
      } catch (IOException e) {
        // gone
      }
      return s;
    }

    /** RSS and anonymous RSS (/proc), the heap live after the last full collection, runs. */
    String memory() throws IOException {
      Map<String, Long> kib = new HashMap<>();
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:") || line.startsWith("RssAnon:")) {
          kib.put(line.substring(0, line.indexOf(':')), Long.parseLong(line.replaceAll("\\D", "")));
        }
      }
      return String.format(
          "%d runs, RSS %.1f MiB (anon %.1f), heap live after full GC %.1f MiB of %.1f, history %.0f"
              + " series (%.0f points dropped), GC %.0f ms in all",
          seenRuns,
          kib.getOrDefault("VmRSS", 0L) / 1024.0,
          kib.getOrDefault("RssAnon", 0L) / 1024.0,
          lastMetrics.getOrDefault("jvm_gc_live_data_size_bytes", Double.NaN) / (1 << 20),
          lastMetrics.getOrDefault("jvm_gc_max_data_size_bytes", Double.NaN) / (1 << 20),
          lastMetrics.getOrDefault("kshealth_history_series", Double.NaN),
          lastMetrics.getOrDefault("kshealth_history_series_dropped_total", Double.NaN),
          lastMetrics.getOrDefault("gc_ms", Double.NaN));
    }

    void stop() throws Exception {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the agent did not stop within 20 s of SIGTERM");
      }
    }

    String get(String path) throws IOException {
      HttpURLConnection c = (HttpURLConnection) URI.create(url + path).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(10_000);
      try (InputStream in = c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.net.ConnectException e) {
        return null;
      } finally {
        c.disconnect();
      }
    }

    long ticks() throws IOException {
      return ticksOf(pid);
    }

    Map<Long, Long> threadNanos() throws IOException {
      Map<Long, Long> nanos = new HashMap<>();
      try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
        for (Path t : (Iterable<Path>) tasks::iterator) {
          try {
            long tid = Long.parseLong(t.getFileName().toString());
            String sched = Files.readString(t.resolve("schedstat")).trim();
            nanos.put(tid, Long.parseLong(sched.split(" ")[0]));
            threadNames.computeIfAbsent(tid, k -> read(t.resolve("comm")));
          } catch (IOException e) {
            // The thread ended meanwhile.
          }
        }
      }
      return nanos;
    }

    static String read(Path p) {
      try {
        return Files.readString(p).trim();
      } catch (IOException e) {
        return "?";
      }
    }
  }

  /** Thread names as /proc shows them (15 characters). */
  static String threadGroup(String comm) {
    if (comm == null) {
      return "other";
    }
    if (comm.startsWith("kshealth-collec") || comm.startsWith("kafka-")) {
      return "lag collector + Kafka clients";
    }
    if (comm.startsWith("kshealth-http") || comm.startsWith("HTTP-Dispatcher")) {
      return "HTTP (status polls, /metrics)";
    }
    if (comm.equals("VM Thread")) {
      return "GC (VM thread)";
    }
    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
      return "JIT";
    }
    return "other";
  }

  static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
  static final Pattern LABEL = Pattern.compile("([a-zA-Z_]+)=\"([^\"]*)\"");

  /**
   * The unlabelled (or collector/group-labelled) values of a scrape by name, GC pause time summed
   * as gc_ms; per-partition series are checked into {@code r}.
   */
  static Map<String, Double> parse(String metrics, Run r) {
    Map<String, Double> m = new HashMap<>();
    Map<String, Double> committed = new HashMap<>();
    Map<String, Double> ends = new HashMap<>();
    Map<String, Double> lags = new HashMap<>();
    Map<String, Double> seconds = new HashMap<>();
    double gc = 0;
    Matcher line = LINE.matcher(metrics);
    while (line.find()) {
      String name = line.group(1);
      String labels = line.group(3) == null ? "" : line.group(3);
      double value = Double.parseDouble(line.group(4));
      if (name.equals("jvm_gc_pause_seconds_sum")) {
        gc += value * 1000;
        continue;
      }
      if (name.equals("kshealth_history_series") && labels.contains("state=\"live\"")) {
        m.put(name, value); // the live series, the ones history.max-series refuses new ones for
        continue;
      }
      if (!labels.contains("partition=")) {
        if (!labels.contains("status=") && !labels.contains("state=") && !labels.contains("topic=")) {
          m.put(name, value);
        }
        continue;
      }
      Map<String, String> l = new HashMap<>();
      Matcher label = LABEL.matcher(labels);
      while (label.find()) {
        l.put(label.group(1), label.group(2));
      }
      String tp = l.get("topic") + "-" + l.get("partition");
      switch (name) {
        case "kshealth_lag_committed_offset" -> committed.put(tp, value);
        case "kshealth_lag_end_offset" -> ends.put(tp, value);
        case "kshealth_lag_records" -> lags.put(tp, value);
        case "kshealth_lag_seconds" -> seconds.put(tp, value);
        default -> {}
      }
    }
    m.put("gc_ms", gc);
    r.brokerUp = m.getOrDefault("kshealth_lag_broker_up", 0.0) == 1;
    r.partitions = (int) Math.round(m.getOrDefault("kshealth_lag_reported_partitions", -1.0));
    r.timeLags = seconds.size();
    double startedSeconds = m.get("kshealth_collector_snapshot_timestamp_seconds");
    for (Map.Entry<String, Double> e : lags.entrySet()) {
      Double c = committed.get(e.getKey());
      Double end = ends.get(e.getKey());
      if (c == null || end == null || e.getValue() != end - c || e.getValue() <= 0) {
        r.wrongLags++;
        continue;
      }
      Double s = seconds.get(e.getKey());
      // Record i was written with the timestamp BASE + i s; a run takes its clock at its start,
      // give or take the run's own duration.
      if (s != null && Math.abs(s - (startedSeconds - base / 1000.0 - c)) > 2) {
        r.wrongTimeLags++;
      }
    }
    return m;
  }

  static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*([0-9.]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + field + " in " + json);
    }
    return Double.parseDouble(m.group(1));
  }
}
