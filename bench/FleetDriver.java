import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * The measuring side of bench/fleet.sh: for each scope and each N, restarts the broker (fresh
 * request metrics), starts N watched instances (bench/FleetInstances.java: N members of the group),
 * measures the broker with them alone (BASELINE s), starts one agent (the real distribution) with N
 * {@code lag} collectors, each with its own Admin client and consumer as N agents would have, waits
 * WARMUP s, and measures the broker over WINDOW s: requests by API (RequestMetrics RequestsPerSec
 * counts), CPU (/proc/PID/stat), bytes sent (socket-server-metrics outgoing-byte-total) net of the
 * baseline, and the request latency histograms (TotalTimeMs, since the restart).
 *
 * <p>Usage: {@code FleetDriver KSHEALTH_HOME TMP BOOTSTRAP GROUP TOPICS PARTITIONS BROKER_PID
 * BROKER_JMX_PORT INSTANCES_COMMAND SCOPES NS INTERVAL_S BASELINE_S WARMUP_S WINDOW_S}; SCOPES and
 * NS are space-separated lists, INSTANCES_COMMAND the java command line of FleetInstances without
 * its arguments.
 */
public class FleetDriver {

  /**
   * The request types a lag collector sends, in the table's order (Admin's describeTopics is
   * DescribeCluster + DescribeTopicPartitions; "Fetch" sums Fetch and FetchConsumer).
   */
  static final List<String> APIS =
      List.of(
          "FindCoordinator",
          "ConsumerGroupDescribe",
          "DescribeGroups",
          "OffsetFetch",
          "DescribeCluster",
          "DescribeTopicPartitions",
          "Metadata",
          "ListOffsets",
          "Fetch");

  /**
   * What the group's members and the cluster itself send: not the agents', whatever the window's
   * count less the baseline's says.
   */
  static final Set<String> MEMBERS =
      Set.of("Heartbeat", "JoinGroup", "SyncGroup", "LeaveGroup", "BrokerHeartbeat", "FetchFollower");

  static Path tmp;
  static String bootstrap;
  static String group;
  static String topics;
  static int partitions;
  static long brokerPid;
  static MBeanServerConnection broker;

  public static void main(String[] args) throws Exception {
    LagAgentDriver.home = Path.of(args[0]);
    tmp = Path.of(args[1]);
    bootstrap = args[2];
    group = args[3];
    topics = args[4];
    partitions = Integer.parseInt(args[5]);
    brokerPid = Long.parseLong(args[6]);
    broker =
        JMXConnectorFactory.connect(
                new JMXServiceURL(
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + args[7] + "/jmxrmi"))
            .getMBeanServerConnection();
    List<String> instancesCommand = List.of(args[8].split(" "));
    List<String> scopes = List.of(args[9].trim().split("\\s+"));
    List<Integer> ns = new ArrayList<>();
    for (String n : args[10].trim().split("\\s+")) {
      ns.add(Integer.parseInt(n));
    }
    int interval = Integer.parseInt(args[11]);
    int baseline = Integer.parseInt(args[12]);
    int warmup = Integer.parseInt(args[13]);
    int window = Integer.parseInt(args[14]);
    LagAgentDriver.agentLog = tmp.resolve("agent.log");

    List<String> rows = new ArrayList<>();
    for (String scope : scopes) {
      for (int n : ns) {
        rows.add(phase(scope, n, instancesCommand, interval, baseline, warmup, window));
      }
    }
    System.out.println();
    System.out.println(
        "| scope | N | collector runs | agents' req/s | per agent per run | "
            + String.join(" | ", APIS)
            + " | other/s | broker CPU % of a core | bytes out/s | bytes per response"
            + " | OffsetFetch p50 / p99 ms (count) |");
    System.out.println("|---|---:|---:|---:|---:|" + "---:|".repeat(APIS.size()) + "---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  static String phase(
      String scope, int n, List<String> instancesCommand, int interval, int baseline, int warmup,
      int window)
      throws Exception {
    System.out.printf("%n== %s scope, N=%d%n", scope, n);
    restartBroker();
    int jmxPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      jmxPort = free.getLocalPort();
    }
    List<String> command = new ArrayList<>(instancesCommand);
    command.addAll(List.of(bootstrap, group, topics, Integer.toString(n), Integer.toString(jmxPort)));
    Process instances =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("instances.log").toFile()))
            .start();
    try {
      String jmx = readyLine(instances);
      long t0 = System.nanoTime();
      awaitStable(n);
      System.out.printf("  %d members stable %.1f s after joining%n", n, (System.nanoTime() - t0) / 1e9);

      Meter b0 = Meter.read();
      Thread.sleep(baseline * 1000L);
      Meter baseRate = Meter.read().minus(b0).per(baseline);
      System.out.println("  baseline (members only), per s: " + baseRate);

      LagAgentDriver.config = tmp.resolve("fleet-" + scope + "-" + n + ".yaml");
      Files.writeString(LagAgentDriver.config, config(scope, n, jmx, interval));
      int heapMiB = 64 + n * (scope.equals("group") ? 8 : 1);
      LagAgentDriver.Agent agent =
          LagAgentDriver.Agent.start(Map.of("JAVA_OPTS", "-Xmx" + heapMiB + "m"));
      try {
        Thread.sleep(warmup * 1000L);
        Status s0 = Status.of(agent);
        long agentTicks0 = LagAgentDriver.ticksOf(agent.pid);
        Meter m0 = Meter.read();
        Thread.sleep(window * 1000L);
        Meter m1 = Meter.read();
        long agentTicks1 = LagAgentDriver.ticksOf(agent.pid);
        Status s1 = Status.of(agent);
        if (s1.started < n || s1.errors > s0.errors) {
          throw new IllegalStateException(
              "collectors that ran: " + s1.started + " of " + n + "; errors " + s1.errors
                  + "; see " + LagAgentDriver.agentLog);
        }
        Meter net = m1.minus(m0).per(window).minus(baseRate);
        long runs = s1.runs - s0.runs;
        boolean short_ = runs < (long) n * (window / interval - 1);
        if (short_) {
          // Too few runs: what the agent says of its collectors, for the reader of the output.
          System.out.println("  TOO FEW RUNS; the agent's status: " + agent.get("/api/v1/status"));
        }
        double perRun = net.total() * window / runs;
        System.out.printf(
            "  window %d s: %d collector runs (%.1f per collector), agents' requests %.2f/s (%.1f per"
                + " run), broker CPU %.1f %% of a core net (%.1f %% with the members), agent JVM CPU"
                + " %.1f %% of a core, -Xmx%dm%n",
            window, runs, runs / (double) n, net.total(), perRun, net.cpuPercent(),
            m1.minus(m0).per(window).cpuPercent(),
            (agentTicks1 - agentTicks0) * 100.0 / LagAgentDriver.CLK_TCK / window, heapMiB);
        System.out.println("  net, per s: " + net);
        System.out.println("  latency since the restart (p50 / p99 ms, count): " + latencies());
        StringBuilder row = new StringBuilder();
        row.append(
            String.format(
                "| %s | %d | %d%s | %.2f | %.1f |",
                scope, n, runs, short_ ? " (too few)" : "", net.total(), perRun));
        double known = 0;
        for (String api : APIS) {
          double r = net.count(api);
          known += r;
          row.append(String.format(" %.2f |", r));
        }
        row.append(
            String.format(
                " %.2f | %.2f | %.0f | %.0f | %s |",
                net.total() - known,
                net.cpuPercent(),
                net.bytesOut,
                net.bytesOut / net.responses,
                latency("OffsetFetch")));
        return row.toString();
      } finally {
        agent.stop();
      }
    } finally {
      instances.destroy();
      instances.waitFor();
    }
  }

  static String config(String scope, int n, String jmx, int interval) {
    StringBuilder c = new StringBuilder();
    c.append("history:\n  window: 5m\n  data-dir: ")
        .append(tmp.resolve("data-" + scope + "-" + n))
        .append('\n');
    c.append("collectors:\n");
    for (int i = 1; i <= n; i++) {
      c.append("  lag-").append(i).append(":\n");
      c.append("    type: lag\n");
      c.append("    kafka: {bootstrap.servers: '").append(bootstrap).append("'}\n");
      c.append("    group: ").append(group).append('\n');
      c.append("    scope: ").append(scope).append('\n');
      if (scope.equals("instance")) {
        c.append("    target: {jmx: {url: '").append(jmx).append(i).append("'}}\n");
      }
      c.append("    commit-interval: 30s\n");
      c.append("    interval: ").append(interval).append("s\n");
      c.append("    timeout: ").append(interval).append("s\n");
      // The collectors report the same series: one of them on /metrics is enough.
      c.append("    expose: ").append(i == 1).append('\n');
    }
    return c.toString();
  }

  static void restartBroker() throws Exception {
    Path request = tmp.resolve("work/restart");
    Files.createFile(request);
    long t0 = System.nanoTime();
    while (Files.exists(request)) {
      if (System.nanoTime() - t0 > 180e9) {
        throw new IllegalStateException("the broker did not restart within 180 s");
      }
      Thread.sleep(100);
    }
    System.out.printf("  broker restarted in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  static String readyLine(Process instances) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(instances.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("jmx=")) {
      throw new IllegalStateException("the instances did not start; see " + tmp.resolve("instances.log"));
    }
    return line.substring(4);
  }

  /** Until the group is stable with N members that own every partition. */
  static void awaitStable(int n) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (int i = 0; ; i++) {
        ConsumerGroupDescription d =
            admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        int owned = d.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
        if (d.groupState() == GroupState.STABLE && d.members().size() == n && owned == partitions) {
          return;
        }
        if (i == 600) {
          throw new IllegalStateException(
              "group not stable: " + d.groupState() + ", " + d.members().size() + " members, " + owned);
        }
        Thread.sleep(200);
      }
    }
  }

  /** The agent's collectors as /api/v1/status shows them. */
  record Status(long runs, long errors, int started) {
    static final Pattern RUNS = Pattern.compile("\"runs\"\\s*:\\s*(\\d+)");
    static final Pattern ERRORS = Pattern.compile("\"errors\"\\s*:\\s*(\\d+)");

    static Status of(LagAgentDriver.Agent agent) throws Exception {
      String json = agent.get("/api/v1/status");
      long runs = 0;
      int started = 0;
      Matcher m = RUNS.matcher(json);
      while (m.find()) {
        runs += Long.parseLong(m.group(1));
        started += m.group(1).equals("0") ? 0 : 1;
      }
      long errors = 0;
      m = ERRORS.matcher(json);
      while (m.find()) {
        errors += Long.parseLong(m.group(1));
      }
      return new Status(runs, errors, started);
    }
  }

  /** The broker's counters at one moment, or their rates. */
  record Meter(Map<String, Double> requests, double cpuTicks, double bytesOut, double responses) {

    static Meter read() throws Exception {
      Map<String, Double> requests = new TreeMap<>();
      for (ObjectName name :
          broker.queryNames(
              new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
        requests.merge(
            name.getKeyProperty("request"),
            ((Number) broker.getAttribute(name, "Count")).doubleValue(),
            Double::sum);
      }
      double bytes = 0;
      double responses = 0;
      for (ObjectName name :
          broker.queryNames(new ObjectName("kafka.server:type=socket-server-metrics,*"), null)) {
        String listener = name.getKeyProperty("listener");
        // Per listener and network thread; the names with a client software count connections.
        if (listener == null
            || listener.contains("CONTROLLER")
            || name.getKeyProperty("networkProcessor") == null
            || name.getKeyProperty("clientSoftwareName") != null) {
          continue;
        }
        bytes += ((Number) broker.getAttribute(name, "outgoing-byte-total")).doubleValue();
        // On the server side the selector's "requests" are the sends: responses.
        responses += ((Number) broker.getAttribute(name, "request-total")).doubleValue();
      }
      return new Meter(requests, LagAgentDriver.ticksOf(brokerPid), bytes, responses);
    }

    Meter minus(Meter o) {
      Map<String, Double> r = new TreeMap<>(requests);
      o.requests.forEach((k, v) -> r.merge(k, -v, Double::sum));
      return new Meter(r, cpuTicks - o.cpuTicks, bytesOut - o.bytesOut, responses - o.responses);
    }

    Meter per(double seconds) {
      Map<String, Double> r = new TreeMap<>();
      requests.forEach((k, v) -> r.put(k, v / seconds));
      return new Meter(r, cpuTicks / seconds, bytesOut / seconds, responses / seconds);
    }

    double count(String api) {
      return requests.getOrDefault(api, 0.0)
          + (api.equals("Fetch") ? requests.getOrDefault("FetchConsumer", 0.0) : 0);
    }

    /** The agents' requests: every type but the members'. */
    double total() {
      return requests.entrySet().stream()
          .filter(e -> !MEMBERS.contains(e.getKey()))
          .mapToDouble(Map.Entry::getValue)
          .sum();
    }

    double cpuPercent() {
      return cpuTicks * 100.0 / LagAgentDriver.CLK_TCK;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      requests.forEach(
          (k, v) -> {
            if (Math.abs(v) >= 0.005) {
              b.append(String.format("%s %.2f, ", k, v));
            }
          });
      return b.append(
              String.format(
                  "CPU %.1f %% of a core, %.0f bytes out in %.2f responses",
                  cpuPercent(), bytesOut, responses))
          .toString();
    }
  }

  static String latencies() throws Exception {
    StringBuilder b = new StringBuilder();
    for (String api : APIS) {
      String l = latency(api);
      if (!l.equals("-")) {
        b.append(api).append(' ').append(l).append(", ");
      }
    }
    return b.toString();
  }

  /** TotalTimeMs of one request type since the broker's restart: "p50 / p99 (count)". */
  static String latency(String api) throws Exception {
    ObjectName name =
        new ObjectName("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=" + api);
    if (!broker.isRegistered(name)) {
      return "-";
    }
    long count = ((Number) broker.getAttribute(name, "Count")).longValue();
    if (count == 0) {
      return "-";
    }
    return String.format(
        "%.1f / %.1f (%d)",
        ((Number) broker.getAttribute(name, "50thPercentile")).doubleValue(),
        ((Number) broker.getAttribute(name, "99thPercentile")).doubleValue(),
        count);
  }
}
