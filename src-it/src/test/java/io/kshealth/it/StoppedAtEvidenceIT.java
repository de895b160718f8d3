package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kshealth.demo.driver.Clients;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lag collector's {@code stopped-at} evidence against a real broker: a group whose committed
 * offset stands in the middle of a partition with nobody consuming it (STOP) is named with its
 * offsets and the record at its committed offset, whose key shows only as its size, or as the HMAC
 * under the install's secret when configured, never as itself. The collector runs in a child JVM on
 * the distribution's jars (the agent's classes stay out of this JVM), called as the alerting calls
 * it.
 */
class StoppedAtEvidenceIT {

  private static final String TOPIC = "it-stopped-at";
  private static final String GROUP = TOPIC + "-group";

  @Test
  void namesThePartitionItsOffsetsAndTheRecordThereButNeverTheKey(@TempDir Path dir)
      throws Exception {
    String bootstrap = TestBed.bootstrapServers();
    long timestamp = 1_796_590_800_000L; // 2026-12-06T21:00:00Z
    try (Admin admin = Clients.admin(bootstrap);
        KafkaProducer<String, byte[]> producer = Clients.bytesProducer(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
      Clients.awaitLeaders(admin, List.of(TOPIC));
      for (int i = 0; i < 10; i++) {
        ProducerRecord<String, byte[]> r =
            new ProducerRecord<>(
                TOPIC, 1, timestamp + i * 1000L, "customer-" + i, "value-secret".getBytes(UTF_8));
        r.headers().add(new RecordHeader("trace-id", ("t" + i).getBytes(UTF_8)));
        r.headers().add(new RecordHeader("origin", "it".getBytes(UTF_8)));
        producer.send(r).get();
      }
      producer.send(new ProducerRecord<>(TOPIC, 0, "other", new byte[1])).get();
      // The app processed records 0-3 of partition 1 and all of partition 0, then stopped.
      admin
          .alterConsumerGroupOffsets(
              GROUP,
              Map.of(
                  new TopicPartition(TOPIC, 1), new OffsetAndMetadata(4),
                  new TopicPartition(TOPIC, 0), new OffsetAndMetadata(1)))
          .all()
          .get();
    }
    Path dataDir = Files.createDirectories(dir.resolve("data"));
    Path config =
        Files.writeString(
            dir.resolve("kshealth.yaml"),
            "collectors:\n"
                + collector("plain", bootstrap, "")
                + collector("hashed", bootstrap, "    evidence: {key: hmac}\n"));

    Exec.Result capture =
        Exec.run(
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    Kshealth.distribution().home().resolve("lib") + "/*",
                    Locations.fixture(StoppedAtEvidenceIT.class, "Capture.java").toString(),
                    config.toString(),
                    dataDir.toString(),
                    GROUP)
                .directory(dir.toFile()));
    assertEquals(0, capture.exitCode(), capture.describe());
    System.out.println("stopped-at evidence:\n" + capture.stdout());
    String all = capture.stdout() + capture.stderr();
    assertFalse(all.contains("customer-4"), "the key itself never shows:\n" + capture.describe());
    assertFalse(all.contains("value-secret"), "nor the value:\n" + capture.describe());

    String expected =
        "it-stopped-at-1 @ 4 (end 10, record 2026-12-06T21:00:04Z, key 10 B, headers [trace-id,"
            + " origin])";
    for (String collector : List.of("plain", "hashed")) {
      for (String label : List.of("group", "application_id")) {
        assertEquals(
            expected,
            line(capture, collector + " " + label + " ANNOTATION "),
            "the most lagging partition (the only one) for an alert with " + label);
      }
    }

    Map<?, ?> plain = Json.object(Json.parse(line(capture, "plain group DETAIL ")));
    assertEquals(GROUP, plain.get("group"));
    assertEquals("none", plain.get("key"));
    List<?> partitions = Json.array(plain.get("partitions"));
    assertEquals(1, partitions.size(), plain.toString());
    Map<?, ?> p = Json.object(partitions.get(0));
    assertEquals(TOPIC, p.get("topic"));
    assertEquals(1, p.get("partition"));
    assertEquals("STOP", p.get("status"), "nobody consumes it: the group has no members");
    assertEquals(4, p.get("committed"));
    assertEquals(10, p.get("end"));
    Map<?, ?> record = Json.object(p.get("record"));
    assertEquals(4, record.get("offset"));
    assertEquals("2026-12-06T21:00:04Z", record.get("timestamp"));
    assertEquals(10, record.get("key_bytes"));
    assertEquals(List.of("trace-id", "origin"), record.get("headers"));
    assertFalse(record.containsKey("key_hmac"), record.toString());

    Map<?, ?> hashed = Json.object(Json.parse(line(capture, "hashed group DETAIL ")));
    assertEquals("hmac", hashed.get("key"));
    Map<?, ?> hashedRecord =
        Json.object(Json.object(Json.array(hashed.get("partitions")).get(0)).get("record"));
    Path secretFile = dataDir.resolve("evidence-key.secret");
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
    byte[] file = Files.readAllBytes(secretFile);
    byte[] secret = Arrays.copyOfRange(file, file.length - 32, file.length);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    assertEquals(
        HexFormat.of().formatHex(mac.doFinal("customer-4".getBytes(UTF_8))),
        hashedRecord.get("key_hmac"));
  }

  private static String collector(String name, String bootstrap, String more) {
    return "  "
        + name
        + ":\n"
        + "    type: lag\n"
        + "    kafka: {bootstrap.servers: '"
        + bootstrap
        + "'}\n"
        + "    group: "
        + GROUP
        + "\n"
        + "    commit-interval: 1s\n"
        + more;
  }

  /** The rest of the one line of the child's output that starts with {@code prefix}. */
  private static String line(Exec.Result result, String prefix) {
    List<String> found = new ArrayList<>();
    result.stdoutLines().stream()
        .filter(l -> l.startsWith(prefix))
        .forEach(l -> found.add(l.substring(prefix.length())));
    assertEquals(1, found.size(), "one line " + prefix + "in\n" + result.describe());
    return found.get(0);
  }
}
