package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.kshealth.api.Evidence;
import io.kshealth.api.Labels;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StoppedAtTest {

  private static final long NOW = 1_796_590_800_000L; // 2026-12-06T21:00:00Z
  private static final TopicPartition E3 = new TopicPartition("events", 3);
  private static final TopicPartition E7 = new TopicPartition("events", 7);
  private static final TopicPartition E1 = new TopicPartition("events", 1);
  private static final TopicPartition P0 = new TopicPartition("profiles", 0);

  private static final Head AT_1234 =
      new Head(
          Head.Kind.RECORD,
          NOW,
          Optional.of(new RecordMeta(1234, 12, Optional.empty(), List.of("trace-id"))));

  /** The stall limit: events-1's committed offset (30 s old in {@link #view}) is within it. */
  private static final Duration STALL_AFTER = Duration.ofSeconds(60);

  private static PartitionLag lag(
      TopicPartition tp, long committed, long end, LagStatus status, Head head) {
    return lag(tp, committed, end, status, head, 30);
  }

  private static PartitionLag lag(
      TopicPartition tp,
      long committed,
      long end,
      LagStatus status,
      Head head,
      double commitAgeSeconds) {
    return new PartitionLag(
        PartitionLabels.of(Labels.of("group", "orders-app"), tp),
        new PartitionOffsets(committed, end, -1),
        end - committed,
        OptionalDouble.of(1),
        false,
        status,
        commitAgeSeconds,
        head);
  }

  /** events-3 and events-7 stalled, events-1 fine; the instance owned events-3 and profiles-0. */
  private static LagView view() {
    Map<TopicPartition, PartitionLag> found = new TreeMap<>(Partitions.ORDER);
    found.put(E1, lag(E1, 50, 60, LagStatus.OK, Head.NOT_READ));
    found.put(E3, lag(E3, 1234, 1300, LagStatus.STALL, AT_1234));
    found.put(E7, lag(E7, 10, 500, LagStatus.STOP, Head.NOT_READ));
    found.put(P0, lag(P0, 5, 5, LagStatus.OK, Head.NOT_READ));
    return LagView.of("orders-app", found, Set.of(E3, P0), true, null);
  }

  @Test
  void aLagAlertGetsTheGroupsStalledAndStoppedPartitionsMostLaggingFirst() {
    StoppedAt.Selection s =
        StoppedAt.select(view(), Map.of("group", "orders-app"), Map.of(), STALL_AFTER)
            .orElseThrow();
    assertEquals("stalled", s.source());
    assertEquals(List.of(E7, E3), s.partitions().stream().map(p -> p.partition()).toList());
  }

  /**
   * A record slower than the poll interval moves from member to member (a rebalance storm): each
   * new owner starts the partition's wait for a commit again, so it may read WARN when the stall
   * alert goes pending, but its committed offset has stood still past the stall limit. It is where
   * the group stopped, unless the offsets read now show the committed offset moved.
   */
  @Test
  void aPartitionWhoseCommittedOffsetStoodStillPastTheLimitIsNamedWhateverItsStatus() {
    Map<TopicPartition, PartitionLag> found = new TreeMap<>(Partitions.ORDER);
    found.put(E1, lag(E1, 50, 60, LagStatus.WARN, AT_1234, 61));
    found.put(E3, lag(E3, 1234, 1300, LagStatus.OK, AT_1234, 60));
    found.put(E7, lag(E7, 10, 500, LagStatus.OK, AT_1234, 90));
    LagView storm = LagView.of("orders-app", found, Set.of(), true, null);
    Map<TopicPartition, PartitionOffsets> now = Map.of(E7, new PartitionOffsets(11, 500, -1));
    StoppedAt.Selection s =
        StoppedAt.select(storm, Map.of("group", "orders-app"), now, STALL_AFTER).orElseThrow();
    assertEquals(List.of(E1), s.partitions().stream().map(p -> p.partition()).toList());
  }

  @Test
  void aClientAlertGetsWhatItsInstanceOwnedWithRecordsWaiting() {
    StoppedAt.Selection s =
        StoppedAt.select(
                view(),
                Map.of("application_id", "orders-app", "client_id", "c-1"),
                Map.of(),
                STALL_AFTER)
            .orElseThrow();
    assertEquals("instance", s.source());
    assertEquals(List.of(E3), s.partitions().stream().map(p -> p.partition()).toList());
  }

  /**
   * A client that died on a record appended after the last run: the offsets read for the capture
   * show it waiting, on a partition the run saw caught up, and a moved committed offset's record is
   * read again rather than the old one shown.
   */
  @Test
  void offsetsReadForTheCaptureReplaceTheRunsOnes() {
    Map<TopicPartition, PartitionOffsets> now =
        Map.of(P0, new PartitionOffsets(5, 6, -1), E3, new PartitionOffsets(1250, 1310, -1));
    StoppedAt.Selection s =
        StoppedAt.select(view(), Map.of("application_id", "orders-app"), now, STALL_AFTER)
            .orElseThrow();
    assertEquals(List.of(E3, P0), s.partitions().stream().map(p -> p.partition()).toList());
    StoppedAt.Stopped poisoned = s.partitions().get(1);
    assertEquals(new PartitionOffsets(5, 6, -1), poisoned.offsets());
    assertEquals(1, poisoned.lag());
    StoppedAt.Stopped moved = s.partitions().get(0);
    assertEquals(60, moved.lag());
    assertEquals(Head.Kind.UNREAD, moved.head().kind(), "the record at 1234 is no longer the one");
    StoppedAt.Stopped same =
        StoppedAt.Stopped.of(
            E3,
            lag(E3, 1234, 1300, LagStatus.STALL, AT_1234),
            new PartitionOffsets(1234, 1320, -1));
    assertEquals(AT_1234, same.head(), "the committed offset has not moved: its record stands");
    assertEquals(86, same.lag());
  }

  @Test
  void anotherGroupOrNoGroupGetsNothing() {
    assertEquals(
        Optional.empty(),
        StoppedAt.select(view(), Map.of("group", "billing-app"), Map.of(), STALL_AFTER));
    assertEquals(
        Optional.empty(),
        StoppedAt.select(view(), Map.of("application_id", "billing"), Map.of(), STALL_AFTER));
    assertEquals(
        Optional.empty(),
        StoppedAt.select(view(), Map.of("instance", "host-1"), Map.of(), STALL_AFTER));
  }

  @Test
  void theInstanceKeepsWhatItOwnedBeforeItsClientStopped() {
    LagView running = view();
    Map<TopicPartition, PartitionLag> after = new TreeMap<>(Partitions.ORDER);
    after.put(E3, lag(E3, 1234, 1400, LagStatus.STOP, AT_1234));
    // The client is gone: the group's answer no longer names its partitions as its own.
    LagView gone = LagView.of("orders-app", after, Set.of(), false, running);
    assertEquals(Set.of(E3, P0), gone.instance().keySet());
    assertEquals(1400, gone.instance().get(E3).offsets().end(), "as last read");
    assertEquals(5, gone.instance().get(P0).offsets().end(), "as read before");
    LagView back = LagView.of("orders-app", after, Set.of(E1), true, gone);
    assertEquals(Set.of(), back.instance().keySet(), "a running client owns what it owns now");
  }

  @Test
  void theAnnotationNamesPartitionOffsetsAndTheRecord() {
    StoppedAt.Selection s =
        StoppedAt.select(view(), Map.of("group", "orders-app"), Map.of(), STALL_AFTER)
            .orElseThrow();
    assertEquals(
        "events-7 @ 10 (end 500, record not read); events-3 @ 1234 (end 1300, record"
            + " 2026-12-06T21:00:00Z, key 12 B, headers [trace-id])",
        StoppedAt.annotation(s.partitions()));
  }

  @Test
  void aRecordPastMarkersWithoutAKeyOrDeletedBeforeItSaysSo() {
    Head later =
        new Head(
            Head.Kind.RECORD,
            NOW,
            Optional.of(new RecordMeta(1236, -1, Optional.empty(), List.of())));
    assertEquals(
        "events-3 @ 1234 (end 1300, record at 1236 2026-12-06T21:00:00Z, no key, headers [])",
        StoppedAt.describe(
            StoppedAt.Stopped.of(E3, lag(E3, 1234, 1300, LagStatus.STALL, later), null)));
    Head deleted =
        new Head(
            Head.Kind.DELETED,
            NOW,
            Optional.of(new RecordMeta(2000, 3, Optional.empty(), List.of())));
    assertEquals(
        "events-3 @ 1234 (end 3000, deleted; oldest left at 2000 2026-12-06T21:00:00Z, key 3 B,"
            + " headers [])",
        StoppedAt.describe(
            StoppedAt.Stopped.of(E3, lag(E3, 1234, 3000, LagStatus.STALL, deleted), null)));
  }

  @Test
  void theDetailIsJsonWithTheRecordsMetadataAndNeverItsKey() {
    Head hashed =
        new Head(
            Head.Kind.RECORD,
            NOW,
            Optional.of(
                new RecordMeta(1234, 12, Optional.of("ab12"), List.of("trace-id", "\"x\""))));
    StoppedAt.Selection s =
        new StoppedAt.Selection(
            "stalled",
            List.of(StoppedAt.Stopped.of(E3, lag(E3, 1234, 1300, LagStatus.STALL, hashed), null)));
    assertEquals(
        "{\"group\":\"orders-app\",\"source\":\"stalled\",\"key\":\"hmac\",\"partitions\":["
            + "{\"topic\":\"events\",\"partition\":3,\"status\":\"STALL\",\"committed\":1234,"
            + "\"end\":1300,\"lag\":66,\"record\":{\"offset\":1234,"
            + "\"timestamp\":\"2026-12-06T21:00:00Z\",\"key_bytes\":12,\"key_hmac\":\"ab12\","
            + "\"headers\":[\"trace-id\",\"\\\"x\\\"\"]}}],\"omitted\":0}",
        StoppedAtJson.detail("orders-app", s, "hmac", Evidence.MAX_DETAIL_CHARS));
  }

  @Test
  void manyPartitionsAreCutToTheBoundsAndStayValid() throws IOException {
    List<StoppedAt.Stopped> many =
        java.util.stream.IntStream.range(0, 2_000)
            .mapToObj(
                p ->
                    StoppedAt.Stopped.of(
                        new TopicPartition("events-with-a-rather-long-topic-name", p),
                        lag(new TopicPartition("t", p), 1000, 5000 - p, LagStatus.STALL, AT_1234),
                        null))
            .toList();
    Evidence e =
        StoppedAt.evidence(
                "orders-app", new StoppedAt.Selection("stalled", many), KeyHash.NONE, NOW)
            .orElseThrow();
    assertEquals(Evidence.STOPPED_AT, e.kind());
    String annotation = e.annotations().get(StoppedAt.ANNOTATION);
    assertTrue(annotation.length() <= Evidence.MAX_ANNOTATION_CHARS, annotation);
    assertTrue(annotation.startsWith("events-with-a-rather-long-topic-name-0 @ 1000 (end 5000"));
    assertTrue(annotation.matches(".*\\); \\d+ more"), annotation);
    assertFalse(annotation.contains("…"), "cut between partitions, not inside one");

    assertTrue(e.detail().length() <= Evidence.MAX_DETAIL_CHARS);
    int partitions = 0;
    try (JsonParser p = new JsonFactory().createParser(e.detail())) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("partition")) {
          partitions++;
        }
      }
    }
    assertTrue(partitions > 100 && partitions < 2_000, partitions + " partitions");
    assertTrue(e.detail().endsWith("],\"omitted\":" + (2_000 - partitions) + "}"));
  }

  @Test
  void nothingWaitingIsNoEvidence() {
    assertEquals(
        Optional.empty(),
        StoppedAt.evidence(
            "orders-app", new StoppedAt.Selection("stalled", List.of()), KeyHash.NONE, NOW));
  }
}
