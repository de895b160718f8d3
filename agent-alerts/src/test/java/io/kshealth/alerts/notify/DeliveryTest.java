package io.kshealth.alerts.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.alerts.api.Notifier;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTest {

  /** Fails as many times as told, rejects when told, else records what it got. */
  static final class Receiver implements Notifier {
    final List<List<AlertMessage>> got = Collections.synchronizedList(new ArrayList<>());
    int failures;
    boolean reject;
    final boolean resends;

    Receiver(boolean resends) {
      this.resends = resends;
    }

    @Override
    public String name() {
      return "r";
    }

    @Override
    public String describe() {
      return "test receiver";
    }

    @Override
    public boolean resendsActive() {
      return resends;
    }

    @Override
    public synchronized void send(List<AlertMessage> alerts) throws IOException {
      if (reject) {
        reject = false;
        throw new RejectedException("400 bad");
      }
      if (failures > 0) {
        failures--;
        throw new IOException("connection refused");
      }
      got.add(alerts);
    }
  }

  final MutableClock clock = new MutableClock(java.time.Instant.EPOCH);

  @Test
  void retriesWithGrowingBackoffUntilDeliveredOnce() throws Exception {
    Receiver receiver = new Receiver(false);
    receiver.failures = 3;
    Outbox outbox = new Outbox("r", Optional.empty(), 10, OutboxTest.MEMORY, false);
    outbox.add(0, List.of(OutboxTest.alert("A", true)));
    // A random of 1.0 takes the top of each jitter range: 1 s, 2 s, 4 s.
    Delivery delivery =
        new Delivery(
            receiver, outbox, Duration.ofSeconds(1), Duration.ofSeconds(3), clock, () -> 1.0);
    assertEquals(1000, delivery.attempt());
    assertEquals(1000, delivery.attempt(), "not due yet: no attempt");
    clock.advance(Duration.ofMillis(1000 - clock.millis()));
    assertEquals(3000, delivery.attempt());
    clock.advance(Duration.ofMillis(3000 - clock.millis()));
    assertEquals(6000, delivery.attempt(), "capped at retry-max");
    clock.advance(Duration.ofMillis(6000 - clock.millis()));
    delivery.attempt();
    assertEquals(1, receiver.got.size());
    assertEquals(0, outbox.size());
    DeliveryStatus s = delivery.status();
    assertEquals(1, s.sent());
    assertEquals(3, s.failed());
    assertEquals(0, s.consecutiveFailures());
  }

  @Test
  void everyWaitIsAtLeastHalfItsStepAndASuccessStartsOver() throws Exception {
    Receiver receiver = new Receiver(false);
    receiver.failures = 4;
    Outbox outbox = new Outbox("r", Optional.empty(), 10, OutboxTest.MEMORY, false);
    outbox.add(0, List.of(OutboxTest.alert("A", true)));
    outbox.add(0, List.of(OutboxTest.alert("B", true)));
    // A random of 0 takes the bottom of each jitter range: half of 1 s, 2 s, then the 3 s cap.
    Delivery delivery =
        new Delivery(
            receiver, outbox, Duration.ofSeconds(1), Duration.ofSeconds(3), clock, () -> 0.0);
    long[] waits = {500, 1000, 1500};
    for (long wait : waits) {
      long now = clock.millis();
      assertEquals(now + wait, delivery.attempt());
      clock.advance(Duration.ofMillis(wait));
    }
    delivery.attempt();
    assertEquals(4, delivery.status().consecutiveFailures());
    clock.advance(Duration.ofMillis(1500));
    delivery.attempt();
    assertEquals(List.of(OutboxTest.alert("A", true)), receiver.got.get(0));
    assertEquals(0, delivery.status().consecutiveFailures());

    receiver.failures = 1;
    long now = clock.millis();
    assertEquals(now + 500, delivery.attempt(), "the next failure waits the first step again");
  }

  @Test
  void aRejectedBatchIsDroppedAndTheNextGoesOn() throws Exception {
    Receiver receiver = new Receiver(false);
    receiver.reject = true;
    Outbox outbox = new Outbox("r", Optional.empty(), 10, OutboxTest.MEMORY, false);
    outbox.add(0, List.of(OutboxTest.alert("A", true)));
    outbox.add(0, List.of(OutboxTest.alert("B", true)));
    Delivery delivery =
        new Delivery(
            receiver, outbox, Duration.ofSeconds(1), Duration.ofSeconds(3), clock, () -> 0.5);
    delivery.attempt();
    delivery.attempt();
    assertEquals(1, delivery.status().droppedRejected());
    assertEquals("B", receiver.got.get(0).get(0).alertName());
  }

  @Test
  void theThreadWakesOnNewEntriesAndStopsWithoutLosingAny() throws Exception {
    Receiver receiver = new Receiver(false);
    Outbox outbox = new Outbox("r", Optional.empty(), 10, OutboxTest.MEMORY, false);
    Delivery delivery =
        new Delivery(
            receiver,
            outbox,
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            java.time.Clock.systemUTC(),
            () -> 0.5);
    delivery.start();
    try {
      outbox.add(0, List.of(OutboxTest.alert("A", true)));
      delivery.wake();
      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.got.size() == 1);
    } finally {
      delivery.close();
    }
    outbox.add(0, List.of(OutboxTest.alert("B", true)));
    assertEquals(1, outbox.size(), "closed: queued, not sent");
    assertTrue(receiver.got.size() == 1);
  }

  @Test
  void theDispatcherSendsChangesToSomeAndTheActiveSetToAlertmanager() throws Exception {
    Receiver hook = new Receiver(false);
    Receiver am = new Receiver(true);
    NotificationDispatcher dispatcher =
        new NotificationDispatcher(
            List.of(hook, new Renamed(am, "am")),
            Optional.empty(),
            10,
            OutboxTest.MEMORY,
            DataDirHealth.none(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            java.time.Clock.systemUTC(),
            () -> 0.5);
    try {
      AlertMessage a = OutboxTest.alert("A", true);
      AlertMessage b = OutboxTest.alert("B", true);
      // Each step waits for delivery: queued Alertmanager batches would otherwise coalesce.
      dispatcher.publish(0, List.of(a), List.of(a));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> am.got.size() == 1 && hook.got.size() == 1);
      dispatcher.publish(10_000, List.of(), List.of(a)); // nothing new, not yet a resend
      dispatcher.publish(60_000, List.of(), List.of(a)); // resend delay passed
      await().atMost(Duration.ofSeconds(30)).until(() -> am.got.size() == 2);
      dispatcher.publish(70_000, List.of(b), List.of(a, b));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> am.got.size() == 3 && hook.got.size() == 2);
      assertEquals(List.of(List.of(a), List.of(b)), hook.got);
      assertEquals(List.of(List.of(a), List.of(a), List.of(a, b)), am.got);
      assertEquals(
          1.0,
          dispatcher.samples(0).stream()
              .filter(s -> s.metric().name().equals("kshealth_notifications_sent_total"))
              .filter(s -> "r".equals(s.labels().get("notifier")))
              .findFirst()
              .orElseThrow()
              .value(),
          1.0);
    } finally {
      dispatcher.close();
    }
  }

  @Test
  void aRestartedAgentResendsItsActiveAlertsAtOnce() throws Exception {
    Receiver am = new Receiver(true);
    NotificationDispatcher dispatcher =
        new NotificationDispatcher(
            List.of(am),
            Optional.empty(),
            10,
            OutboxTest.MEMORY,
            DataDirHealth.none(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            java.time.Clock.systemUTC(),
            () -> 0.5);
    try {
      AlertMessage restored = OutboxTest.alert("A", true);
      dispatcher.publish(System.currentTimeMillis(), List.of(), List.of(restored));
      await().atMost(Duration.ofSeconds(30)).until(() -> am.got.size() == 1);
      assertEquals(List.of(List.of(restored)), am.got);
    } finally {
      dispatcher.close();
    }
  }

  @Test
  void anAlertThatCannotBeQueuedIsSentDirectlyOrCountedAsDropped(@TempDir Path data)
      throws Exception {
    Receiver am = new Receiver(true);
    DataDirHealth health = DataDirHealth.probe(data);
    NotificationDispatcher dispatcher =
        new NotificationDispatcher(
            List.of(am),
            Optional.of(data.resolve("outbox")),
            10,
            OutboxTest.MEMORY,
            health,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            java.time.Clock.systemUTC(),
            () -> 0.5);
    try {
      // The notifier's queue directory replaced by a file: no batch can be written, as on a full
      // or read-only disk.
      Path queue = data.resolve("outbox").resolve("r");
      Files.delete(queue);
      Files.writeString(queue, "in the way");
      AlertMessage a = OutboxTest.alert("A", true);
      dispatcher.publish(System.currentTimeMillis(), List.of(a), List.of(a));
      await().atMost(Duration.ofSeconds(30)).until(() -> am.got.size() == 1);
      assertEquals(List.of(List.of(a)), am.got, "delivered although not queued");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> unqueued(dispatcher, "sent_direct") == 1.0);
      assertFalse(health.writable());
      assertEquals(
          1.0,
          health.samples(0).stream()
              .filter(s -> s.metric().equals(DataDirHealth.WRITE_ERRORS))
              .filter(s -> DataDirHealth.OUTBOX.equals(s.labels().get("file")))
              .findFirst()
              .orElseThrow()
              .value());

      synchronized (am) {
        am.failures = 1;
      }
      AlertMessage b = OutboxTest.alert("B", true);
      dispatcher.publish(System.currentTimeMillis() + 120_000, List.of(b), List.of(a, b));
      await().atMost(Duration.ofSeconds(30)).until(() -> unqueued(dispatcher, "dropped") == 1.0);
      assertEquals(1, am.got.size(), "the receiver was down for the one direct attempt");
      assertEquals(1.0, unqueued(dispatcher, "sent_direct"));
    } finally {
      dispatcher.close();
    }
  }

  static double unqueued(NotificationDispatcher dispatcher, String outcome) {
    return dispatcher.samples(0).stream()
        .filter(s -> s.metric().name().equals("kshealth_notifications_unqueued_total"))
        .filter(s -> outcome.equals(s.labels().get("outcome")))
        .findFirst()
        .orElseThrow()
        .value();
  }

  /** The same receiver under another name, so two can be told apart in metrics. */
  record Renamed(Notifier inner, String name) implements Notifier {
    @Override
    public String describe() {
      return inner.describe();
    }

    @Override
    public boolean resendsActive() {
      return inner.resendsActive();
    }

    @Override
    public void send(List<AlertMessage> alerts) throws IOException {
      inner.send(alerts);
    }
  }
}
