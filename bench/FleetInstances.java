import java.lang.management.ManagementFactory;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The watched instances of bench/fleet.sh's {@code instance}-scope phases, N of them in one JVM:
 * what an agent in {@code instance} scope needs from its instance, without N Streams apps. Each
 * instance is one real consumer in the group (classic protocol, the client id a Streams thread's
 * consumer has), so the group has N members owning its partitions as a fleet of N one-thread
 * instances would; its partitions are paused (it fetches nothing: the brokers serve the agents,
 * not the app) and sought to 0 (it asks no committed offsets). Each instance also has its own
 * MBean server behind its own JMX URL holding what the lag collector reads there: the JVM's {@code
 * java.lang:type=Runtime}, a {@code stream-metrics} client RUNNING with the group as {@code
 * application-id}, and the consumer's {@code consumer-metrics} name.
 *
 * <p>Usage: {@code FleetInstances BOOTSTRAP GROUP TOPIC,TOPIC N JMX_PORT}. Prints {@code
 * jmx=service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/instance-} once every instance holds partitions
 * (instance i, from 1, at that URL followed by i), then runs until the parent process exits.
 */
public class FleetInstances {

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String group = args[1];
    List<String> topics = List.of(args[2].split(","));
    int n = Integer.parseInt(args[3]);
    int port = Integer.parseInt(args[4]);
    LocateRegistry.createRegistry(port);
    String prefix = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/instance-";
    CountDownLatch assigned = new CountDownLatch(n);
    for (int i = 1; i <= n; i++) {
      String consumerId = group + "-instance-" + i + "-StreamThread-1-consumer";
      MBeanServer server = MBeanServerFactory.newMBeanServer();
      server.registerMBean(
          ManagementFactory.getRuntimeMXBean(), new ObjectName("java.lang:type=Runtime"));
      server.registerMBean(
          new Fixed(
              Map.of(
                  "state", "RUNNING",
                  "application-id", group,
                  "alive-stream-threads", 1,
                  "failed-stream-threads", 0,
                  "version", "4.3.1")),
          new ObjectName("kafka.streams:type=stream-metrics,client-id=" + group + "-instance-" + i));
      server.registerMBean(
          new Fixed(Map.of()),
          new ObjectName("kafka.consumer:type=consumer-metrics,client-id=" + consumerId));
      JMXConnectorServer connector =
          JMXConnectorServerFactory.newJMXConnectorServer(
              new JMXServiceURL(prefix + i), null, server);
      connector.start();
      Thread t = new Thread(() -> consume(bootstrap, group, topics, consumerId, assigned));
      t.setDaemon(true);
      t.start();
    }
    assigned.await();
    System.out.println("jmx=" + prefix);
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    Thread.currentThread().join();
  }

  /** One member: joins, pauses what it is given, and polls to stay in the group. */
  static void consume(
      String bootstrap,
      String group,
      List<String> topics,
      String clientId,
      CountDownLatch assigned) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.METRIC_REPORTER_CLASSES_CONFIG, ""),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      boolean[] counted = {false};
      consumer.subscribe(
          topics,
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              partitions.forEach(tp -> consumer.seek(tp, 0));
              consumer.pause(partitions);
              if (!partitions.isEmpty() && !counted[0]) {
                counted[0] = true;
                assigned.countDown();
              }
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
          });
      while (true) {
        consumer.poll(Duration.ofSeconds(1));
      }
    }
  }

  /** An MBean whose attributes are fixed values. */
  record Fixed(Map<String, Object> values) implements DynamicMBean {
    @Override
    public Object getAttribute(String name) {
      return values.get(name);
    }

    @Override
    public void setAttribute(Attribute attribute) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AttributeList getAttributes(String[] names) {
      AttributeList list = new AttributeList();
      for (String name : names) {
        if (values.containsKey(name)) {
          list.add(new Attribute(name, values.get(name)));
        }
      }
      return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
      return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      List<MBeanAttributeInfo> attributes = new ArrayList<>();
      values.forEach(
          (k, v) ->
              attributes.add(
                  new MBeanAttributeInfo(k, v.getClass().getName(), k, true, false, false)));
      return new MBeanInfo(
          Fixed.class.getName(),
          "fixed values",
          attributes.toArray(new MBeanAttributeInfo[0]),
          null,
          null,
          null);
    }
  }
}
