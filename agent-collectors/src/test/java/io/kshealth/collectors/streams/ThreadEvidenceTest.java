package io.kshealth.collectors.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.api.Evidence;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which thread the evidence calls stuck, which threads an alert's labels name, and the bound on the
 * detail, with real threads of this JVM (a real consumer's poll among them).
 */
class ThreadEvidenceTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Thread> started = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    for (Thread t : started) {
      t.join(60_000); // the consumer's last poll returns within 200 ms, then it closes
    }
  }

  private Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    started.add(t);
    t.start();
    return t;
  }

  private void waitForRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<ThreadInfo> infos(Thread... threads) {
    long[] ids = Arrays.stream(threads).mapToLong(Thread::getId).toArray();
    return List.of(
        ManagementFactory.getThreadMXBean().getThreadInfo(ids, StreamThreadDump.MAX_FRAMES));
  }

  @Test
  void aThreadWaitingInKafkasPollIsNotTheStuckOne() {
    Thread polling =
        start(
            "app-StreamThread-1",
            () -> {
              Properties p = new Properties();
              // Nothing listens there: the consumer polls, waiting for a broker, as long as asked.
              p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
              try (KafkaConsumer<byte[], byte[]> consumer =
                  new KafkaConsumer<>(
                      p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition("t", 0)));
                while (release.getCount() > 0) {
                  consumer.poll(Duration.ofMillis(200));
                }
              }
            });
    Thread waiting = start("app-StreamThread-2", this::waitForRelease);
    // The moment the consumer waits in its selector (it also connects, backs off, logs).
    List<ThreadInfo> both =
        Awaitility.await()
            .until(
                () -> infos(polling, waiting),
                t ->
                    waitsInSelector(t.get(0)) && t.get(1).getThreadState() == Thread.State.WAITING);

    assertEquals("app-StreamThread-2", ThreadEvidence.stuck(both).getThreadName());
    Evidence e = ThreadEvidence.of(both, 7);
    assertTrue(
        e.annotations()
            .get(ThreadEvidence.STUCK_THREAD)
            .startsWith("app-StreamThread-2 WAITING on java.util.concurrent.CountDownLatch$Sync@"),
        e.annotations().toString());
    assertTrue(
        e.annotations()
            .get(ThreadEvidence.STUCK_FRAMES)
            .startsWith("java.util.concurrent.CountDownLatch.await(CountDownLatch.java:"),
        "from the JDK call the app made, not the JDK's internals: " + e.annotations());
  }

  private static boolean waitsInSelector(ThreadInfo t) {
    return Arrays.stream(t.getStackTrace())
        .filter(f -> !f.getClassName().startsWith("java.") && !f.getClassName().startsWith("sun."))
        .findFirst()
        .filter(f -> f.getClassName().equals("org.apache.kafka.common.network.Selector"))
        .isPresent();
  }

  @Test
  void theLabelsOfAnAlertNameItsClientsAndThreads() {
    Predicate<String> all = StreamThreadDump.named(Map.of("application_id", "app"));
    assertTrue(all.test("app-1-StreamThread-1"));
    assertFalse(all.test("app-1-StateUpdater-1"), "only stream threads");
    assertFalse(all.test("kafka-producer-network-thread | app-1-StreamThread-1-producer"));

    Predicate<String> client = StreamThreadDump.named(Map.of("client_id", "app-1"));
    assertTrue(client.test("app-1-StreamThread-2"));
    assertFalse(client.test("app-10-StreamThread-2"), "a client id that starts the same");
    assertFalse(client.test("app-StreamThread-1"));

    Predicate<String> thread =
        StreamThreadDump.named(Map.of("client_id", "a-StreamThread-x", "thread", "StreamThread-3"));
    assertTrue(thread.test("a-StreamThread-x-StreamThread-3"), "a client id holding the marker");
    assertFalse(thread.test("a-StreamThread-x-StreamThread-30"));
  }

  /**
   * Abuse: many threads with names past any sensible length still give a detail within the bound,
   * valid JSON, the stuck thread kept first.
   */
  @Test
  void aDetailPastTheBoundIsCutAndStaysValidJson() throws Exception {
    Thread[] threads = new Thread[150];
    String longName = "x".repeat(2_000);
    for (int i = 0; i < threads.length; i++) {
      threads[i] = start(longName + "\"\n-StreamThread-" + i, this::waitForRelease);
    }
    Awaitility.await()
        .until(() -> Arrays.stream(threads).allMatch(t -> t.getState() == Thread.State.WAITING));

    Evidence e = ThreadEvidence.of(infos(threads), 0);

    assertTrue(e.detail().length() <= Evidence.MAX_DETAIL_CHARS, e.detail().length() + " chars");
    Map<String, Object> detail = JSON.std.mapFrom(e.detail());
    assertEquals(true, detail.get("truncated"));
    List<?> kept = (List<?>) detail.get("threads");
    assertTrue(kept.size() > 10 && kept.size() < threads.length, kept.size() + " threads kept");
    Map<?, ?> first = (Map<?, ?>) kept.get(0);
    assertEquals(ThreadsJson.MAX_TEXT_CHARS, first.get("name").toString().length());
    assertEquals(1, ((List<?>) first.get("frames")).size());
    assertTrue(
        e.annotations().get(ThreadEvidence.STUCK_THREAD).length() <= Evidence.MAX_ANNOTATION_CHARS);
  }
}
