package io.kshealth.collectors.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.api.Evidence;
import io.kshealth.api.EvidenceRequest;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.collectors.support.jmx.JmxTarget;
import io.kshealth.collectors.support.jmx.TargetSettings;
import io.kshealth.collectors.support.proc.ProcessSelector;
import io.kshealth.collectors.support.rocksdb.SharedBlockCache;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thread evidence from a real JVM, attached to as the agent attaches to a Streams app: a child
 * process whose stream threads are stuck the two ways a processor gets stuck, one BLOCKED on a lock
 * another thread holds, one asleep in a slow record.
 */
class StreamsCollectorEvidenceTest {

  /** Lives until its stdin closes, so it does not outlive the test. */
  private static final String STUCK =
      String.join(
          "\n",
          "class StuckThreads {",
          "  static final Object LOCK = new Object();",
          "  public static void main(String[] a) throws Exception {",
          "    start(\"worker-3\", () -> { synchronized (LOCK) { sleep(); } });",
          "    while (!lockTaken()) { Thread.onSpinWait(); }",
          "    start(\"app-1-StreamThread-1\", () -> { synchronized (LOCK) { sleep(); } });",
          "    start(\"app-1-StreamThread-2\", StuckThreads::slowRecord);",
          "    start(\"other-app-StreamThread-1\", StuckThreads::sleep);",
          "    System.in.read();",
          "  }",
          "  static boolean lockTaken() {",
          "    for (Thread t : Thread.getAllStackTraces().keySet()) {",
          "      if (t.getName().equals(\"worker-3\")",
          "          && t.getState() == Thread.State.TIMED_WAITING) { return true; }",
          "    }",
          "    return false;",
          "  }",
          "  static void slowRecord() {",
          "    try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }"
              + " // slow record",
          "  }",
          "  static void sleep() {",
          "    try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }",
          "  }",
          "  static void start(String name, Runnable r) {",
          "    Thread t = new Thread(r, name);",
          "    t.setDaemon(true);",
          "    t.start();",
          "  }",
          "}",
          "");

  /** The line of {@code slowRecord}'s sleep in the source, as its frame names it. */
  private static final int SLOW_RECORD_LINE =
      (int) STUCK.lines().takeWhile(l -> !l.endsWith("// slow record")).count() + 1;

  private static final String SLOW_RECORD_FRAME =
      "StuckThreads.slowRecord(StuckThreads.java:" + SLOW_RECORD_LINE + ")";

  private static final Duration PATIENT = Duration.ofSeconds(30);

  /**
   * Whether a capture shows the app as the test means it: the last two threads start after the
   * first is blocked, and a capture may come before they reach their sleeps.
   */
  private static boolean everyThreadSettled(Evidence e) {
    return e != null
        && e.detail().contains("BLOCKED")
        && e.detail().contains(SLOW_RECORD_FRAME)
        && e.detail().contains("other-app-StreamThread-1");
  }

  private final MutableClock clock = new MutableClock();
  private StreamsCollector collector;
  private Process app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      new ProcessBuilder("kill", "-CONT", Long.toString(app.pid())).start().waitFor();
      app.destroyForcibly().waitFor();
    }
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void theEvidenceNamesTheBlockedThreadItsLockOwnerAndTheSlowRecordsFrame(@TempDir Path dir)
      throws Exception {
    StreamsCollector c = attachedTo(dir);
    EvidenceRequest all = request(Map.of(), PATIENT);
    assertEquals(List.of(), c.capture(all), "no connection is opened for a capture");

    connect(c);
    Evidence threads =
        Awaitility.await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> only(c.capture(all)), StreamsCollectorEvidenceTest::everyThreadSettled);

    assertEquals(Evidence.THREADS, threads.kind());
    assertEquals(clock.millis(), threads.capturedAtMillis());
    String stuck = threads.annotations().get(ThreadEvidence.STUCK_THREAD);
    assertTrue(
        stuck.startsWith("app-1-StreamThread-1 BLOCKED on java.lang.Object@"),
        "the blocked thread first: " + stuck);
    assertTrue(stuck.contains(" owned by worker-3 in StuckThreads.lambda$main$"), stuck);

    Map<String, Object> detail = JSON.std.mapFrom(threads.detail());
    assertEquals(false, detail.get("truncated"));
    List<?> list = (List<?>) detail.get("threads");
    assertEquals(
        List.of("app-1-StreamThread-1", "app-1-StreamThread-2", "other-app-StreamThread-1"),
        list.stream().map(t -> ((Map<?, ?>) t).get("name")).toList(),
        "every stream thread, the suspicious one first; worker-3 is none");
    Map<?, ?> blocked = (Map<?, ?>) list.get(0);
    assertEquals("BLOCKED", blocked.get("state"));
    assertEquals("worker-3", blocked.get("lock_owner"));
    assertFalse(blocked.containsKey("blocked_time_ms"), "contention monitoring stays off");
    Map<?, ?> slow = (Map<?, ?>) list.get(1);
    assertEquals("TIMED_WAITING", slow.get("state"));
    List<?> frames = (List<?>) slow.get("frames");
    assertTrue(frames.get(0).toString().startsWith("java.lang.Thread.sleep"), frames.toString());
    assertTrue(frames.contains(SLOW_RECORD_FRAME), frames.toString());
  }

  @Test
  void theAlertsLabelsNarrowTheCaptureToTheirThread(@TempDir Path dir) throws Exception {
    StreamsCollector c = attachedTo(dir);
    connect(c);
    EvidenceRequest one =
        request(Map.of("client_id", "app-1", "thread", "StreamThread-2"), PATIENT);
    Evidence threads =
        Awaitility.await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> only(c.capture(one)), e -> e != null && e.detail().contains("slowRecord"));

    assertEquals(
        "app-1-StreamThread-2 TIMED_WAITING in " + SLOW_RECORD_FRAME,
        threads.annotations().get(ThreadEvidence.STUCK_THREAD));
    String frames = threads.annotations().get(ThreadEvidence.STUCK_FRAMES);
    assertTrue(
        frames.startsWith("java.lang.Thread.sleep(") && frames.contains(" <- " + SLOW_RECORD_FRAME),
        "from the JDK call the processor made: " + frames);
    assertEquals(1, ((List<?>) JSON.std.mapFrom(threads.detail()).get("threads")).size());

    assertEquals(
        List.of(),
        c.capture(request(Map.of("client_id", "app-2"), PATIENT)),
        "another client's alert");
    assertEquals(
        List.of(),
        c.capture(
            new EvidenceRequest(
                "KafkaStreamsLagStalled", Map.of(), Set.of(Evidence.STOPPED_AT), PATIENT)),
        "another kind");
  }

  /** A SIGSTOPped target does not answer: the capture gives up at its timeout, nothing hangs. */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aTargetThatDoesNotAnswerTimesTheCaptureOut(@TempDir Path dir) throws Exception {
    StreamsCollector c = attachedTo(dir, Duration.ofSeconds(5));
    connect(c);
    assertEquals(
        0, new ProcessBuilder("kill", "-STOP", Long.toString(app.pid())).start().waitFor());

    assertThrows(
        TimeoutException.class, () -> c.capture(request(Map.of(), Duration.ofMillis(500))));
    // The run after it finds the target unresponsive rather than waiting behind it for ever.
    Snapshot.Builder out = new Snapshot.Builder("streams", clock.millis());
    c.collect(out);
    assertTrue(c.target().orElseThrow().contains(": unresponsive"), c.target().orElseThrow());
  }

  private static EvidenceRequest request(Map<String, String> labels, Duration timeout) {
    return new EvidenceRequest(
        "KafkaStreamsPollIntervalNearLimit", labels, Set.of(Evidence.THREADS), timeout);
  }

  private static Evidence only(List<Evidence> captured) {
    return captured.size() == 1 ? captured.get(0) : null;
  }

  /** A collector attached to a new {@code StuckThreads} JVM by its command line. */
  private StreamsCollector attachedTo(Path dir) throws IOException {
    return attachedTo(dir, PATIENT);
  }

  /**
   * @param timeout the target's: each run's, and the longest a capture waits
   */
  private StreamsCollector attachedTo(Path dir, Duration timeout) throws IOException {
    String marker = "kshealth-evidence-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Path source = Files.writeString(dir.resolve("StuckThreads.java"), STUCK);
    app =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m",
                "-Dmarker=" + marker,
                source.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    collector =
        new StreamsCollector(
            new StreamsSettings(
                new TargetSettings(
                    new JmxTarget.Attach(ProcessSelector.matching(Pattern.compile(marker))),
                    timeout,
                    TargetSettings.DEFAULT_GRACE_PERIOD),
                OptionalInt.empty(),
                OptionalInt.empty(),
                StreamsSettings.DEFAULT_MAX_POLL_INTERVAL,
                Optional.empty(),
                SharedBlockCache.AUTO,
                Cgroups.PROC,
                Cgroups.ROOT),
            "streams",
            clock);
    return collector;
  }

  /** Runs the collector until it has attached: a JVM still starting refuses the attach. */
  private void connect(StreamsCollector c) {
    Awaitility.await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> {
              clock.advance(Duration.ofMinutes(1)); // past the retry wait
              c.collect(new Snapshot.Builder("streams", clock.millis()));
              return c.target().orElse("").endsWith(": up");
            });
  }
}
