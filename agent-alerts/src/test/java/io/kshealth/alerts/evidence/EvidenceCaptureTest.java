package io.kshealth.alerts.evidence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Evidence;
import io.kshealth.api.EvidenceRequest;
import io.kshealth.api.EvidenceSource;
import io.kshealth.api.Sample;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Captures on real threads against sources that answer, block, throw or find nothing: the one who
 * asks never waits, every kind asked for is counted once, and what is kept is what was asked.
 */
class EvidenceCaptureTest {

  static final Map<String, String> LABELS = Map.of("client_id", "app-1");
  static final Set<String> BOTH = Set.of(Evidence.THREADS, Evidence.STOPPED_AT);

  final MutableClock clock = new MutableClock();
  final EvidenceStore store = new EvidenceStore(1024 * 1024);
  final CountDownLatch release = new CountDownLatch(1);
  final List<EvidenceRequest> asked = Collections.synchronizedList(new ArrayList<>());
  final List<EvidenceCapture> captures = new ArrayList<>();

  @AfterEach
  void stop() {
    release.countDown();
    captures.forEach(EvidenceCapture::close);
  }

  EvidenceCapture capture(Map<String, EvidenceSource> sources, Duration timeout) {
    EvidenceCapture c =
        new EvidenceCapture(
            sources, new EvidenceSettings(timeout, Duration.ofMinutes(5), 1 << 20), store, clock);
    captures.add(c);
    return c;
  }

  Evidence evidence(String kind, String annotation, String detail) {
    return new Evidence(kind, clock.millis(), Map.of(annotation, "x"), detail);
  }

  EvidenceSource answering(Evidence... evidence) {
    return request -> {
      asked.add(request);
      return List.of(evidence);
    };
  }

  EvidenceSource blocking() {
    return request -> {
      asked.add(request);
      release.await();
      return List.of(evidence(Evidence.THREADS, "stuck_thread", "{}"));
    };
  }

  static double count(EvidenceCapture c, String kind, String result) {
    return c.samples(0).stream()
        .filter(s -> s.labels().get("kind").equals(kind) && s.labels().get("result").equals(result))
        .mapToDouble(Sample::value)
        .sum();
  }

  @Test
  void eachSourceIsAskedWithTheAlertAndTheKindsAndWhatItCapturesIsKept() {
    EvidenceCapture c =
        capture(
            Map.of(
                "streams", answering(evidence(Evidence.THREADS, "stuck_thread", "{\"a\":1}")),
                "lag", answering(evidence(Evidence.STOPPED_AT, "stopped_at", "{\"b\":2}"))),
            Duration.ofSeconds(30));
    c.ask("00000000000000aa", "KafkaStreamsLagStalled", LABELS, BOTH);

    await().until(() -> count(c, Evidence.STOPPED_AT, "captured") == 1);
    assertEquals(1, count(c, Evidence.THREADS, "captured"));
    assertEquals(2, asked.size());
    assertEquals(
        new EvidenceRequest("KafkaStreamsLagStalled", LABELS, BOTH, Duration.ofSeconds(30)),
        asked.get(0));
    assertEquals(
        Map.of("stuck_thread", "x", "stopped_at", "x"), store.annotations("00000000000000aa"));
    assertEquals(
        Set.of("streams", "lag"),
        Set.copyOf(store.of("00000000000000aa").stream().map(StoredEvidence::collector).toList()));
  }

  @Test
  void aKindNotAskedForIsNotKeptAndAKindNobodyCapturedCountsEmpty() {
    EvidenceCapture c =
        capture(
            Map.of(
                "streams",
                answering(
                    evidence(Evidence.THREADS, "stuck_thread", "{}"),
                    evidence(Evidence.STOPPED_AT, "stopped_at", "{}"))),
            Duration.ofSeconds(30));
    c.ask("00000000000000bb", "KafkaStreamsClientGone", LABELS, Set.of(Evidence.STOPPED_AT));
    await().until(() -> count(c, Evidence.STOPPED_AT, "captured") == 1);
    assertEquals(Map.of("stopped_at", "x"), store.annotations("00000000000000bb"));

    EvidenceCapture none = capture(Map.of("streams", answering()), Duration.ofSeconds(30));
    none.ask("00000000000000cc", "KafkaStreamsRebalanceStorm", LABELS, Set.of(Evidence.THREADS));
    await().until(() -> count(none, Evidence.THREADS, "empty") == 1);
    assertEquals(0, count(none, Evidence.STOPPED_AT, "empty"), "not asked, not counted");
    assertTrue(store.of("00000000000000cc").isEmpty());

    EvidenceCapture noSource = capture(Map.of(), Duration.ofSeconds(30));
    noSource.ask("00000000000000dd", "KafkaStreamsLagStalled", LABELS, BOTH);
    assertEquals(1, count(noSource, Evidence.THREADS, "empty"));
    assertEquals(1, count(noSource, Evidence.STOPPED_AT, "empty"));
  }

  @Test
  void aCaptureThatBlocksIsAbandonedAtItsTimeoutAndWhatItReturnsLaterIsThrownAway() {
    EvidenceCapture c = capture(Map.of("streams", blocking()), Duration.ofMillis(200));
    c.ask("00000000000000ee", "KafkaStreamsPollIntervalNearLimit", LABELS, Set.of("threads"));
    // The caller did not wait: the capture is still running.
    assertEquals(0, count(c, Evidence.THREADS, "timeout"));
    await().until(() -> count(c, Evidence.THREADS, "timeout") == 1);
    release.countDown();
    assertTrue(store.of("00000000000000ee").isEmpty());
    assertEquals(0, count(c, Evidence.THREADS, "captured"));
  }

  /** A source whose own bound passed (its target paused) says so: counted as timed out. */
  @Test
  void aSourceWhoseTargetDoesNotAnswerCountsTimedOut() {
    EvidenceSource paused =
        request -> {
          throw new java.util.concurrent.TimeoutException();
        };
    EvidenceCapture c = capture(Map.of("streams", paused), Duration.ofSeconds(30));
    c.ask("00000000000000ef", "KafkaStreamsLagStalled", LABELS, Set.of(Evidence.THREADS));
    await().until(() -> count(c, Evidence.THREADS, "timeout") == 1);
    assertEquals(0, count(c, Evidence.THREADS, "failed"));
  }

  @Test
  void aSourceThatThrowsCountsFailedAndTheOthersStillCapture() {
    EvidenceSource throwing =
        request -> {
          throw new IllegalStateException("JMX connection closed");
        };
    EvidenceCapture c =
        capture(
            Map.of(
                "streams",
                throwing,
                "lag",
                answering(evidence(Evidence.STOPPED_AT, "stopped_at", "{}"))),
            Duration.ofSeconds(30));
    c.ask("00000000000000ff", "KafkaStreamsLagStalled", LABELS, BOTH);
    await().until(() -> count(c, Evidence.THREADS, "failed") == 1);
    assertEquals(1, count(c, Evidence.STOPPED_AT, "captured"));
  }

  @Test
  void requestsPastTheQueueAreDroppedAndCounted() {
    EvidenceCapture c = capture(Map.of("streams", blocking()), Duration.ofMinutes(1));
    int runningAndQueued = 2 + EvidenceCapture.QUEUE;
    for (int i = 0; i < runningAndQueued + 3; i++) {
      c.ask(String.format("%016x", i), "KafkaStreamsRebalanceStorm", LABELS, Set.of("threads"));
    }
    assertEquals(3, count(c, Evidence.THREADS, "dropped"));
    release.countDown();
    await().until(() -> count(c, Evidence.THREADS, "captured") == runningAndQueued);
  }

  @Test
  void oneAlertAsksAtMostOncePerMinimumInterval() {
    AtomicInteger calls = new AtomicInteger();
    EvidenceCapture c =
        capture(
            Map.of(
                "streams",
                request -> {
                  calls.incrementAndGet();
                  return List.of();
                }),
            Duration.ofSeconds(30));
    c.ask("0000000000000001", "KafkaStreamsRebalanceStorm", LABELS, Set.of("threads"));
    await().until(() -> count(c, Evidence.THREADS, "empty") == 1);
    clock.advance(Duration.ofMinutes(4));
    c.ask("0000000000000001", "KafkaStreamsRebalanceStorm", LABELS, Set.of("threads"));
    c.ask("0000000000000002", "KafkaStreamsRebalanceStorm", LABELS, Set.of("threads"));
    await().until(() -> count(c, Evidence.THREADS, "empty") == 2);
    clock.advance(Duration.ofMinutes(1));
    c.ask("0000000000000001", "KafkaStreamsRebalanceStorm", LABELS, Set.of("threads"));
    await().until(() -> count(c, Evidence.THREADS, "empty") == 3);
    assertEquals(3, calls.get(), "the second ask of the first alert, 4 minutes on, was not made");
  }
}
