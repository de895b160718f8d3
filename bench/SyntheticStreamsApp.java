import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A JVM that JMX sees as a large Kafka Streams 4.3.1 application, without Kafka: the kafka.* MBeans
 * of one client with THREADS stream threads, PARTITIONS input partitions and STORES RocksDB store
 * instances, with the names and attributes of a real app's (bench/streams-4.3.1-mbeans.txt). Used
 * by bench/streams-collection.sh, so that the cost of reading a big app can be measured without
 * running one.
 *
 * <p>Shape: two sub-topologies of PARTITIONS/4 tasks each, every task reading two co-partitioned
 * topics (so PARTITIONS/2 tasks) and holding the 7 processor nodes and 5 topic MBeans of the real
 * app's tasks. The first STORES/2 tasks of sub-topology 1 each hold a key-value and a window store
 * (the other tasks stand for stateless ones). Tasks go round-robin to the threads; each thread has
 * its consumer, producer, state updater and restore consumer.
 *
 * <p>Every attribute is computed when read, as Kafka's JmxReporter does: a sensor's value combines
 * its samples, a RocksDB property sums its segments, and MBeanInfo is built anew on every call.
 *
 * <p>Usage: {@code java [-Dcom.sun.management.jmxremote.port=P ...] SyntheticStreamsApp SCHEMA
 * [PARTITIONS [STORES [THREADS]]]} (defaults 1000, 200 and 8). Prints {@code pid=N url=U mbeans=N attributes=N}
 * once registered, then waits; it exits when the process that started it does.
 */
public class SyntheticStreamsApp {

  /** Stream threads: the fourth argument, read before anything is registered. */
  static int threads = 8;

  static final String APPLICATION_ID = "synthetic-app";
  static final String PROCESS_ID = "5e1f0b8a-2c4d-4e6f-8a0b-1c2d3e4f5a6b";
  static final String CLIENT_ID = APPLICATION_ID + "-" + PROCESS_ID;
  static final String KV_STORE = "counts-store";
  static final String WINDOW_STORE = "bytes-per-minute-store";
  static final List<String> CHANGELOGS = List.of(changelog(KV_STORE), changelog(WINDOW_STORE));
  static final long START_MILLIS = System.currentTimeMillis();

  /** One processor node; {@code topic} for sources and sinks, which have a topic MBean too. */
  record Node(String id, String role, String topic) {}

  record SubTopology(int id, List<Node> nodes) {
    List<String> sources() {
      return nodes.stream().filter(n -> n.role().equals("source")).map(Node::topic).toList();
    }

    List<String> sinks() {
      return nodes.stream().filter(n -> n.role().equals("sink")).map(Node::topic).toList();
    }
  }

  record Task(SubTopology sub, int partition, int thread, boolean stateful) {
    String id() {
      return sub.id() + "_" + partition;
    }
  }

  static final List<SubTopology> SUB_TOPOLOGIES =
      List.of(
          new SubTopology(
              0,
              nodes(
                  0,
                  "profiles",
                  "events",
                  List.of(repartition("counts"), repartition("bytes"), "enriched"))),
          new SubTopology(
              1,
              nodes(
                  13,
                  repartition("counts"),
                  repartition("bytes"),
                  List.of("counts-out", "bytes-out", "alerts-out"))));

  /** The nodes of one task of the real app: two sources, a table source, an aggregate, 3 sinks. */
  static List<Node> nodes(int base, String source1, String source2, List<String> sinks) {
    return List.of(
        new Node(nodeId("KSTREAM-SOURCE", base), "source", source1),
        new Node(nodeId("KTABLE-SOURCE", base + 1), "ktable-source", null),
        new Node(nodeId("KSTREAM-SOURCE", base + 2), "source", source2),
        new Node(nodeId("KSTREAM-SINK", base + 6), "sink", sinks.get(0)),
        new Node(nodeId("KSTREAM-AGGREGATE", base + 7), "aggregate", null),
        new Node(nodeId("KSTREAM-SINK", base + 10), "sink", sinks.get(1)),
        new Node(nodeId("KSTREAM-SINK", base + 12), "sink", sinks.get(2)));
  }

  static String nodeId(String kind, int n) {
    return String.format("%s-%010d", kind, n);
  }

  static String repartition(String name) {
    return APPLICATION_ID + "-" + name + "-repartition";
  }

  static String changelog(String store) {
    return APPLICATION_ID + "-" + store + "-changelog";
  }

  /** What {@code Topology.describe()} prints, as the client's topology-description says it. */
  static String describe() {
    StringBuilder s = new StringBuilder("Topologies:\n");
    for (SubTopology sub : SUB_TOPOLOGIES) {
      s.append("   Sub-topology: ").append(sub.id()).append('\n');
      List<Node> nodes = sub.nodes();
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        s.append("    Processor: ").append(n.id());
        if (n.topic() != null) {
          s.append(" (topics: [").append(n.topic()).append("])");
        }
        s.append("\n      --> ").append(i + 1 < nodes.size() ? nodes.get(i + 1).id() : "none");
        s.append("\n      <-- ").append(i > 0 ? nodes.get(i - 1).id() : "none").append('\n');
      }
    }
    return s.toString();
  }

  /**
   * The gauges whose value is a field of the client, a thread or a store, not a sensor; as in a
   * RUNNING app whose stores are restored (a restoring app makes the agent read every task).
   */
  static final Map<String, Object> FIELDS =
      Map.ofEntries(
          Map.entry("state", "RUNNING"),
          Map.entry("version", "4.3.1"),
          Map.entry("Version", "4.3.1"),
          Map.entry("commit-id", "26b251a451ce941d"),
          Map.entry("CommitId", "26b251a451ce941d"),
          Map.entry("application-id", APPLICATION_ID),
          Map.entry("topology-description", describe()),
          Map.entry("client-state", 2),
          Map.entry("thread-state", 4),
          Map.entry("recording-level", 0),
          Map.entry("preferred-read-replica", -1),
          Map.entry("start-time-ms", START_MILLIS),
          Map.entry("StartTimeMs", START_MILLIS),
          Map.entry("thread-start-time", START_MILLIS),
          Map.entry("num-open-iterators", 0L),
          Map.entry("oldest-iterator-open-since-ms", 0L),
          Map.entry("block-cache-capacity", BigInteger.valueOf(50L << 20)),
          Map.entry("active-restoring-tasks", 0.0),
          Map.entry("active-paused-tasks", 0.0),
          Map.entry("standby-updating-tasks", 0.0),
          Map.entry("standby-paused-tasks", 0.0),
          Map.entry("restore-remaining-records-total", 0.0));

  /** A metric's value at {@code now}, computed on each read. */
  interface Metric {
    Object value(long now);
  }

  /** A gauge on a field: the thread's state, the client's version. */
  record Field(Object value) implements Metric {
    @Override
    public Object value(long now) {
      return value;
    }
  }

  /**
   * A sensor's stat over Kafka's default two 30 s samples. Each read purges expired samples (here
   * the app "records" a fresh one in its place, as it would have in the meantime) and combines the
   * rest, under the metric's lock, as KafkaMetric.metricValue() and SampledStat.measure() do.
   */
  static final class Sensor implements Metric {
    private static final long WINDOW_MILLIS = 30_000;
    private final char stat;
    private final long seed;
    private final long[] start = new long[2];
    private final long[] count = new long[2];
    private final double[] total = new double[2];
    private final double[] max = new double[2];
    private double cumulative;

    Sensor(String attribute, long seed) {
      this.stat =
          attribute.endsWith("-rate")
              ? 'r'
              : attribute.endsWith("-avg") || attribute.endsWith("-ratio")
                  ? 'a'
                  : attribute.endsWith("-max") ? 'x' : attribute.endsWith("-total") ? 't' : 'v';
      this.seed = seed;
    }

    @Override
    public synchronized Object value(long now) {
      for (int i = 0; i < 2; i++) {
        if (now - start[i] >= 2 * WINDOW_MILLIS) {
          start[i] = now - i * WINDOW_MILLIS;
          count[i] = Math.floorMod(seed + now / WINDOW_MILLIS + i, 40);
          total[i] = count[i] * Math.floorMod(seed, 1000) / 10.0;
          max[i] = count[i] == 0 ? Double.NaN : total[i] / count[i] * 1.5;
          cumulative += total[i];
        }
      }
      long n = count[0] + count[1];
      double sum = total[0] + total[1];
      return switch (stat) {
        case 'r' -> sum / ((now - Math.min(start[0], start[1]) + 1) / 1000.0);
        case 'a' -> n == 0 ? Double.NaN : sum / n;
        case 'x' -> n == 0 ? Double.NaN : Math.max(max[0], max[1]);
        case 't' -> cumulative;
        default -> count[0] == 0 ? total[1] : total[0] / count[0];
      };
    }
  }

  /** A RocksDB property, summed over the store's segments (one for a key-value store). */
  static final class RocksDbProperty implements Metric {
    private final long[] segments;

    RocksDbProperty(long seed, int segments) {
      this.segments = new long[segments];
      for (int i = 0; i < segments; i++) {
        this.segments[i] = Math.floorMod(seed * (i + 7), 1L << 24);
      }
    }

    @Override
    public Object value(long now) {
      BigInteger sum = BigInteger.ZERO;
      for (long v : segments) {
        sum = sum.add(BigInteger.valueOf(v));
      }
      return sum;
    }
  }

  /** Kafka's JmxReporter.KafkaMbean: every read goes to the metric, MBeanInfo is never cached. */
  static final class KafkaMBean implements DynamicMBean {
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new HashMap<>();

    void add(String attribute, Metric metric, String description) {
      metrics.put(attribute, metric);
      descriptions.put(attribute, description);
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
      Metric metric = metrics.get(name);
      if (metric == null) {
        throw new AttributeNotFoundException("Could not find attribute " + name);
      }
      return metric.value(System.currentTimeMillis());
    }

    @Override
    public AttributeList getAttributes(String[] names) {
      AttributeList list = new AttributeList();
      for (String name : names) {
        try {
          list.add(new Attribute(name, getAttribute(name)));
        } catch (AttributeNotFoundException e) {
          // Kafka logs and leaves it out.
        }
      }
      return list;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[metrics.size()];
      int i = 0;
      for (String name : metrics.keySet()) {
        // Kafka declares every attribute a double, whatever the metric returns.
        attributes[i++] =
            new MBeanAttributeInfo(
                name, double.class.getName(), descriptions.get(name), true, false, false);
      }
      return new MBeanInfo(KafkaMBean.class.getName(), "", attributes, null, null, null);
    }

    @Override
    public void setAttribute(Attribute attribute) {
      throw new UnsupportedOperationException("Set not allowed.");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
      throw new UnsupportedOperationException("Set not allowed.");
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
      throw new UnsupportedOperationException("Invoke not allowed.");
    }
  }

  private final Map<String, List<String[]>> kinds;
  private final MBeanServer server;
  private int mbeans;
  private int attributes;

  SyntheticStreamsApp(Map<String, List<String[]>> kinds, MBeanServer server) {
    this.kinds = kinds;
    this.server = server;
  }

  public static void main(String[] args) throws Exception {
    Path schema = Path.of(args[0]);
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int stores = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int tasksPerSub = partitions / 4;
    if (partitions % 4 != 0 || stores % 2 != 0 || stores / 2 > tasksPerSub) {
      throw new IllegalArgumentException(
          "PARTITIONS must be a multiple of 4 and STORES even, at most PARTITIONS/2");
    }
    List<Task> tasks = new ArrayList<>();
    for (SubTopology sub : SUB_TOPOLOGIES) {
      for (int p = 0; p < tasksPerSub; p++) {
        tasks.add(new Task(sub, p, tasks.size() % threads + 1, sub.id() == 1 && p < stores / 2));
      }
    }
    SyntheticStreamsApp app =
        new SyntheticStreamsApp(readSchema(schema), ManagementFactory.getPlatformMBeanServer());
    app.registerClient();
    for (int n = 1; n <= threads; n++) {
      int thread = n;
      app.registerThread(n, tasks.stream().filter(t -> t.thread() == thread).toList());
    }
    String port = System.getProperty("com.sun.management.jmxremote.port");
    System.out.printf(
        "pid=%d url=%s mbeans=%d attributes=%d%n",
        ProcessHandle.current().pid(),
        port == null ? "none" : "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi",
        app.mbeans,
        app.attributes);
    System.out.flush();
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    Thread.currentThread().join();
  }

  static Map<String, List<String[]>> readSchema(Path file) throws IOException {
    Map<String, List<String[]>> kinds = new HashMap<>();
    List<String[]> current = null;
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        current = new ArrayList<>();
        kinds.put(line.substring(1, line.length() - 1), current);
      } else {
        current.add(line.split(" "));
      }
    }
    return kinds;
  }

  void registerClient() throws JMException {
    String client = "client-id=" + CLIENT_ID;
    streams("stream-metrics", "stream-metrics," + client);
    streams("stream-metrics/process-id", "stream-metrics,process-id=" + PROCESS_ID + "," + client);
    streams(
        "stream-metrics/application-id",
        "stream-metrics,process-id="
            + PROCESS_ID
            + ",application-id="
            + APPLICATION_ID
            + ","
            + client);
    streams("kafka-metrics-count", "kafka-metrics-count");
    kafkaClient(
        "kafka.admin.client", CLIENT_ID + "-admin", "admin-client", List.of("node--1", "node-1"));
  }

  void registerThread(int n, List<Task> tasks) throws JMException {
    String thread = CLIENT_ID + "-StreamThread-" + n;
    streams("stream-thread-metrics", "stream-thread-metrics,thread-id=" + thread);
    streams(
        "stream-thread-metrics/process-id",
        "stream-thread-metrics,process-id=" + PROCESS_ID + ",thread-id=" + thread);

    String consumer = thread + "-consumer";
    kafkaClient(
        "kafka.consumer", consumer, "consumer", List.of("node--1", "node-1", "node-2147483646"));
    add(
        "kafka.consumer:consumer-coordinator-metrics",
        "kafka.consumer:type=consumer-coordinator-metrics,client-id=" + consumer);
    Map<String, List<Integer>> inputs = new LinkedHashMap<>();
    for (Task t : tasks) {
      t.sub().sources().forEach(topic -> partitionOf(inputs, topic, t.partition()));
    }
    fetchManager(consumer, "partition", inputs);

    String producer = thread + "-producer";
    kafkaClient("kafka.producer", producer, "producer", List.of("node--1", "node-1"));
    List<String> outputs = new ArrayList<>();
    tasks.stream().map(Task::sub).distinct().forEach(sub -> outputs.addAll(sub.sinks()));
    Map<String, List<Integer>> changelogs = new LinkedHashMap<>();
    for (Task t : tasks) {
      if (t.stateful()) {
        CHANGELOGS.forEach(topic -> partitionOf(changelogs, topic, t.partition()));
      }
    }
    outputs.addAll(changelogs.keySet());
    for (String topic : outputs) {
      add(
          "kafka.producer:producer-topic-metrics",
          "kafka.producer:type=producer-topic-metrics,client-id=" + producer + ",topic=" + topic);
    }

    String updater = CLIENT_ID + "-StateUpdater-" + n;
    streams("stream-state-updater-metrics", "stream-state-updater-metrics,thread-id=" + updater);
    String restore = updater + "-restore-consumer";
    kafkaClient("kafka.consumer", restore, "consumer", List.of("node--1", "node-1"));
    fetchManager(restore, "partition-restore", changelogs);

    for (Task t : tasks) {
      registerTask(thread, t);
    }
  }

  void registerTask(String thread, Task task) throws JMException {
    String keys = "thread-id=" + thread + ",task-id=" + task.id();
    streams("stream-task-metrics", "stream-task-metrics," + keys);
    for (Node node : task.sub().nodes()) {
      String nodeKeys = keys + ",processor-node-id=" + node.id();
      streams(
          "stream-processor-node-metrics/" + node.role(),
          "stream-processor-node-metrics," + nodeKeys);
      if (node.topic() != null) {
        streams(
            "stream-topic-metrics/" + node.role(),
            "stream-topic-metrics," + nodeKeys + ",topic=" + node.topic());
      }
    }
    if (task.stateful()) {
      for (String store : List.of(KV_STORE, WINDOW_STORE)) {
        streams(
            "stream-record-cache-metrics",
            "stream-record-cache-metrics," + keys + ",record-cache-id=" + store);
      }
      streams(
          "stream-state-metrics/key-value",
          "stream-state-metrics," + keys + ",rocksdb-state-id=" + KV_STORE);
      streams(
          "stream-state-metrics/window",
          "stream-state-metrics," + keys + ",rocksdb-window-state-id=" + WINDOW_STORE);
    }
  }

  /** What every Kafka client registers: its app-info pair, metrics count, own and node metrics. */
  void kafkaClient(String domain, String clientId, String prefix, List<String> nodes)
      throws JMException {
    add(domain + ":app-info", domain + ":type=app-info,client-id=" + clientId);
    add(domain + ":app-info/id", domain + ":type=app-info,id=" + clientId);
    add(
        domain + ":kafka-metrics-count",
        domain + ":type=kafka-metrics-count,client-id=" + clientId);
    add(
        domain + ":" + prefix + "-metrics",
        domain + ":type=" + prefix + "-metrics,client-id=" + clientId);
    for (String node : nodes) {
      add(
          domain + ":" + prefix + "-node-metrics",
          domain + ":type=" + prefix + "-node-metrics,client-id=" + clientId + ",node-id=" + node);
    }
  }

  /** A consumer's fetch manager MBeans: its own, one per topic, one per partition. */
  void fetchManager(String clientId, String partitionKind, Map<String, List<Integer>> partitions)
      throws JMException {
    String base = "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=" + clientId;
    add("kafka.consumer:consumer-fetch-manager-metrics", base);
    for (Map.Entry<String, List<Integer>> e : partitions.entrySet()) {
      add("kafka.consumer:consumer-fetch-manager-metrics/topic", base + ",topic=" + e.getKey());
      for (int p : e.getValue()) {
        add(
            "kafka.consumer:consumer-fetch-manager-metrics/" + partitionKind,
            base + ",topic=" + e.getKey() + ",partition=" + p);
      }
    }
  }

  static void partitionOf(Map<String, List<Integer>> byTopic, String topic, int partition) {
    byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(partition);
  }

  void streams(String kind, String rest) throws JMException {
    add("kafka.streams:" + kind, "kafka.streams:type=" + rest);
  }

  void add(String kind, String name) throws JMException {
    List<String[]> schema = kinds.get(kind);
    if (schema == null) {
      throw new IllegalArgumentException("no kind [" + kind + "] in the schema");
    }
    KafkaMBean bean = new KafkaMBean();
    String type = kind.substring(kind.indexOf(':') + 1);
    for (String[] a : schema) {
      String attribute = a[0];
      long seed = name.hashCode() * 31L + attribute.hashCode();
      Object field =
          attribute.equals("alive-stream-threads") ? (Object) threads : FIELDS.get(attribute);
      if (field != null && !field.getClass().getSimpleName().equals(a[1])) {
        throw new IllegalArgumentException(attribute + " is a " + a[1] + " in the schema");
      }
      Metric metric =
          field != null
              ? new Field(field)
              : switch (a[1]) {
                case "Double" -> new Sensor(attribute, seed);
                case "BigInteger" -> new RocksDbProperty(seed, kind.endsWith("/window") ? 3 : 1);
                default -> throw new IllegalArgumentException("no value for " + attribute);
              };
      bean.add(attribute, metric, "The " + attribute.replace('-', ' ') + " of this " + type + ".");
    }
    server.registerMBean(bean, new ObjectName(name));
    mbeans++;
    attributes += schema.size();
  }
}
