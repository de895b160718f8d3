import io.kshealth.demo.broker.KafkaBroker;
import io.kshealth.demo.driver.Clients;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The broker side of bench/lag-collection.sh: the embedded broker, a topic of PARTITIONS
 * partitions with RECORDS records each, and a group whose committed offsets leave LAG records on
 * every partition (set with the Admin client: a group without members, as a stopped app leaves).
 * Run with the demo jar on the class path.
 *
 * <p>Usage: {@code LagBroker WORK_DIR PARTITIONS RECORDS LAG}. Prints {@code bootstrap=B group=G
 * topic=T} once ready, then waits; stops when the process that started it exits.
 */
public class LagBroker {

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int partitions = Integer.parseInt(args[1]);
    int records = Integer.parseInt(args[2]);
    int lag = Integer.parseInt(args[3]);
    String topic = "bench-lag";
    String group = "bench-lag-group";
    KafkaBroker broker = KafkaBroker.start(work.resolve("broker"));
    String bootstrap = broker.bootstrapServers();
    try (Admin admin = Clients.admin(bootstrap);
        KafkaProducer<String, String> producer = Clients.stringProducer(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      Clients.awaitLeaders(admin, List.of(topic));
      for (int p = 0; p < partitions; p++) {
        for (int i = 0; i < records; i++) {
          producer.send(new ProducerRecord<>(topic, p, "key-" + i, "value-" + i));
        }
      }
      producer.flush();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach((tp, info) -> committed.put(tp, new OffsetAndMetadata(info.offset() - lag)));
      admin.alterConsumerGroupOffsets(group, committed).all().get();
    }
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
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    System.out.println("bootstrap=" + bootstrap + " group=" + group + " topic=" + topic);
    Thread.currentThread().join();
  }
}
