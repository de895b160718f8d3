package io.kshealth.demo.driver;

import io.kshealth.demo.app.SampleTopics;
import io.kshealth.demo.app.SampleTopology;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Gives an app a large state before it first starts, by writing its profiles store's changelog
 * directly: far faster than pushing as many records through the topology, and to Kafka Streams
 * indistinguishable from state it built itself. A restore then has that many records to replay.
 */
public final class ChangelogSeeder {

  /** The size of one seeded profile: a realistic record, not a few bytes. */
  public static final int VALUE_BYTES = 100;

  private ChangelogSeeder() {}

  /** Writes {@code records} distinct profiles into {@code applicationId}'s profiles changelog. */
  public static void seed(String bootstrapServers, String applicationId, int records)
      throws InterruptedException, ExecutionException {
    String topic = SampleTopics.changelog(applicationId, SampleTopology.PROFILES_STORE);
    try (Admin admin = Clients.admin(bootstrapServers)) {
      Clients.createChangelog(admin, topic);
    }
    byte[] profile = new byte[VALUE_BYTES];
    Arrays.fill(profile, (byte) 'p');
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, byte[]> producer = Clients.bytesProducer(bootstrapServers)) {
      for (int i = 0; i < records && failure.get() == null; i++) {
        byte[] value = profile.clone();
        byte[] id = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, value, 0, id.length);
        producer.send(
            new ProducerRecord<>(topic, "seeded-user-" + i, value),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new ExecutionException("seeding " + topic + " failed", failure.get());
    }
  }
}
