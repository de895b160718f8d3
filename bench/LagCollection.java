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
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * What one collection of the {@code lag} collector costs, for a group of thousands of partitions,
 * against the peer: the Admin calls {@code kafka-consumer-groups.sh --describe} and exporters such
 * as kafka-lag-exporter make per poll (describe the group, its committed offsets, every partition's
 * end offset), which give offset lag only. Run by bench/lag-collection.sh in a JVM with the agent's
 * lib/*.jar and its launcher's flags.
 *
 * <p>Usage: {@code LagCollection BOOTSTRAP GROUP TOPIC PARTITIONS COLLECTIONS}. Three phases of the
 * real collector built from YAML (the first collection; steady offsets; every committed offset
 * moved by one before each collection, so every partition's record is read again), then the peer.
 * Per collection: wall time p50/p99, CPU of the calling thread and of the whole JVM, broker
 * requests, records read.
 */
public class LagCollection {

  static final int WARMUP = 5;

  record Result(String variant, int runs, double p50, double p99, double cpu, double requests, double reads) {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String group = args[1];
    String topic = args[2];
    int partitions = Integer.parseInt(args[3]);
    int collections = Integer.parseInt(args[4]);
    List<Result> results = new java.util.ArrayList<>();
    try (Collector collector = lagCollector(bootstrap, group);
        Admin mover = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      results.add(measure("kshealth, first collection", 0, 1, collector, group, null));
      results.add(measure("kshealth, offsets steady", WARMUP, collections, collector, group, null));
      Runnable move = () -> moveOffsets(mover, group, topic, partitions);
      results.add(
          measure("kshealth, every offset moved", 1, collections / 3, collector, group, move));
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.METRIC_REPORTER_CLASSES_CONFIG,
                ""))) {
      results.add(measurePeer(admin, group, WARMUP, collections));
    }
    System.out.printf(
        "%-32s %5s %9s %9s %9s %9s %9s%n",
        "variant", "runs", "p50 ms", "p99 ms", "CPU ms", "requests", "records");
    for (Result r : results) {
      System.out.printf(
          "%-32s %5d %9.1f %9.1f %9.1f %9.1f %9.1f%n",
          r.variant, r.runs, r.p50, r.p99, r.cpu, r.requests, r.reads);
    }
    Result steady = results.get(1);
    Result peer = results.get(results.size() - 1);
    System.out.printf(
        "kshealth steady / peer: time %.2f, CPU %.2f, requests %.2f%n",
        steady.p50 / peer.p50, steady.cpu / peer.cpu, steady.requests / peer.requests);
  }

  interface Once {
    void run() throws Exception;
  }

  static Result measure(
      String variant, int warmup, int runs, Collector collector, String group, Runnable before)
      throws Exception {
    double[] last = new double[2];
    for (int i = 0; i < warmup; i++) {
      if (before != null) {
        before.run();
      }
      last = collect(collector, group);
    }
    double[] millis = new double[runs];
    long cpu = 0;
    double requests = 0;
    double reads = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < runs; i++) {
      if (before != null) {
        before.run();
      }
      long cpu0 = jvmCpuNanos();
      long t0 = System.nanoTime();
      double[] now = collect(collector, group);
      millis[i] = (System.nanoTime() - t0) / 1e6;
      cpu += jvmCpuNanos() - cpu0;
      requests += now[0] - last[0];
      reads += now[1] - last[1];
      last = now;
    }
    return result(variant, millis, cpu, requests, reads);
  }

  static Result measurePeer(Admin admin, String group, int warmup, int runs) throws Exception {
    for (int i = 0; i < warmup; i++) {
      peerOnce(admin, group);
    }
    double[] millis = new double[runs];
    long cpu = 0;
    double before = requests(admin);
    for (int i = 0; i < runs; i++) {
      long cpu0 = jvmCpuNanos();
      long t0 = System.nanoTime();
      peerOnce(admin, group);
      millis[i] = (System.nanoTime() - t0) / 1e6;
      cpu += jvmCpuNanos() - cpu0;
    }
    return result("peer: describe + offsets + ends", millis, cpu, requests(admin) - before, 0);
  }

  static void peerOnce(Admin admin, String group) throws Exception {
    admin.describeConsumerGroups(List.of(group)).all().get();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    admin.listOffsets(latest).all().get();
  }

  static Result result(String variant, double[] millis, long cpuNanos, double requests, double reads) {
    int n = millis.length;
    Arrays.sort(millis);
    return new Result(
        variant,
        n,
        millis[Math.max(0, (int) Math.ceil(n * 0.5) - 1)],
        millis[Math.max(0, (int) Math.ceil(n * 0.99) - 1)],
        cpuNanos / 1e6 / n,
        requests / n,
        reads / n);
  }

  /** The whole JVM's CPU: the collector's work runs on the Kafka clients' network threads too. */
  static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static double requests(Admin admin) {
    for (Map.Entry<MetricName, ? extends org.apache.kafka.common.Metric> e : admin.metrics().entrySet()) {
      if (e.getKey().name().equals("request-total") && e.getKey().group().equals("admin-client-metrics")) {
        return ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    throw new IllegalStateException("no request-total in the Admin client's metrics");
  }

  /** Every committed offset one further. */
  static void moveOffsets(Admin admin, String group, String topic, int partitions) {
    try {
      Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
      admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .forEach((tp, o) -> moved.put(tp, new OffsetAndMetadata(o.offset() + 1)));
      admin.alterConsumerGroupOffsets(group, moved).all().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One collection; returns the requests and records-read counters after it. Fails unless the brokers answered. */
  static double[] collect(Collector collector, String group) throws Exception {
    Snapshot.Builder out = new Snapshot.Builder("lag", System.currentTimeMillis());
    collector.collect(out);
    Map<String, Double> values = new HashMap<>();
    for (Sample s : out.build().samples()) {
      if (s.labels().get("topic") == null) {
        values.put(s.metric().name(), s.value());
      }
    }
    if (values.getOrDefault("kshealth_lag_broker_up", 0.0) != 1) {
      throw new IllegalStateException("the brokers did not answer: " + collector.target());
    }
    return new double[] {
      values.get("kshealth_lag_broker_requests_total"), values.get("kshealth_lag_records_read_total")
    };
  }

  static Collector lagCollector(String bootstrap, String group) throws Exception {
    Path yaml = Files.createTempFile("lag-collection-", ".yaml");
    try {
      Files.writeString(
          yaml,
          "collectors:\n"
              + "  lag:\n"
              + "    type: lag\n"
              + "    kafka: {bootstrap.servers: '"
              + bootstrap
              + "'}\n"
              + "    group: "
              + group
              + "\n"
              + "    scope: group\n"
              + "    request-timeout: 10s\n"
              + "    interval: 30s\n"
              + "    timeout: 30s\n");
      CollectorFactories factories =
          CollectorFactories.of(BuiltInCollectors.all().toArray(CollectorFactory[]::new));
      CollectorConfig config =
          new ConfigLoader(factories, System::getenv).load(yaml).collectors().get(0);
      return config.settings().create(new CollectorContext("lag", Clock.systemUTC()));
    } finally {
      Files.delete(yaml);
    }
  }
}
