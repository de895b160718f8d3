import io.kshealth.demo.broker.KafkaBroker;
import io.kshealth.demo.driver.Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The broker side of bench/lag-agent-collection.sh: the embedded KRaft broker, a large input topic
 * of PARTITIONS partitions and a small one of 4, RECORDS records in every partition, and a group
 * whose committed offsets leave LAG records on every partition. The group is made with the Admin
 * client (alterConsumerGroupOffsets): a classic group without members, as a stopped app leaves it.
 * Record i of every partition has the timestamp BASE + i seconds, BASE being one hour before the
 * set-up, so the time lag at committed offset c is now - BASE - c seconds. Run with the demo jar
 * on the class path.
 *
 * <p>Usage: {@code LagAgentBroker WORK_DIR PARTITIONS RECORDS LAG}. Prints {@code bootstrap=B
 * group=G topics=T1,T2 base=MILLIS setup_ms=N} once ready, then serves until the process that
 * started it exits (or SIGTERM). A file {@code WORK_DIR/restart} restarts the broker in this JVM
 * (same port, same data) and is deleted once it serves again: bench/fleet.sh uses it so that each
 * measured phase starts with fresh request metrics (their latency histograms never forget).
 */
public class LagAgentBroker {

  static final String BIG = "lag-bench-input";
  static final String SMALL = "lag-bench-small";
  static final String GROUP = "lag-bench-app";

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int partitions = Integer.parseInt(args[1]);
    int records = Integer.parseInt(args[2]);
    int lag = Integer.parseInt(args[3]);
    long started = System.nanoTime();
    KafkaBroker broker = KafkaBroker.start(work.resolve("broker"));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    broker.close();
                  } catch (Exception e) {
                    System.err.println("stopping the broker: " + e);
                  }
                }));
    String bootstrap = broker.bootstrapServers();
    long started2 = System.nanoTime();
    long base = System.currentTimeMillis() - 3_600_000L;
    Map<String, Integer> topics = Map.of(BIG, partitions, SMALL, 4);
    try (Admin admin = Clients.admin(bootstrap);
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "1",
                    ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.BATCH_SIZE_CONFIG, 16 * 1024,
                    ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
                new StringSerializer(),
                new StringSerializer())) {
      admin
          .createTopics(
              topics.entrySet().stream()
                  .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                  .toList())
          .all()
          .get();
      Clients.awaitLeaders(admin, topics.keySet());
      long created = System.nanoTime();
      // The metadata names a leader a moment before the broker serves the partition: wait until
      // it answers for every partition, or the producer would spend a minute in retries.
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      topics.forEach(
          (topic, n) -> {
            for (int p = 0; p < n; p++) {
              latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
          });
      for (int attempt = 0; ; attempt++) {
        try {
          admin.listOffsets(latest).all().get();
          break;
        } catch (java.util.concurrent.ExecutionException e) {
          if (attempt == 600) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
      long served = System.nanoTime();
      // Partition by partition: each partition's records fill one batch, sent while the next
      // partition's fills (a batch open in every partition at once would exhaust the producer's
      // buffer memory and block every send).
      for (Map.Entry<String, Integer> t : topics.entrySet()) {
        for (int p = 0; p < t.getValue(); p++) {
          for (int i = 0; i < records; i++) {
            producer.send(
                new ProducerRecord<>(t.getKey(), p, base + i * 1000L, "key-" + i, "value-" + i));
          }
        }
      }
      producer.flush();
      long produced = System.nanoTime();
      Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach(
              (tp, info) -> {
                if (info.offset() != records) {
                  throw new IllegalStateException(tp + " ends at " + info.offset());
                }
                committed.put(tp, new OffsetAndMetadata(info.offset() - lag));
              });
      admin.alterConsumerGroupOffsets(GROUP, committed).all().get();
      System.err.printf(
          "broker up in %d ms, topics created in %d ms, served in %d ms, produced in %d ms%n",
          (started2 - started) / 1_000_000,
          (created - started2) / 1_000_000,
          (served - created) / 1_000_000,
          (produced - served) / 1_000_000);
    }
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    System.out.printf(
        "bootstrap=%s group=%s topics=%s,%s base=%d setup_ms=%d%n",
        bootstrap, GROUP, BIG, SMALL, base, (System.nanoTime() - started) / 1_000_000);
    Path restart = work.resolve("restart");
    while (true) {
      Thread.sleep(100);
      if (Files.exists(restart)) {
        long t0 = System.nanoTime();
        broker.stop();
        broker.start();
        Files.delete(restart);
        System.err.printf("restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      }
    }
  }
}
