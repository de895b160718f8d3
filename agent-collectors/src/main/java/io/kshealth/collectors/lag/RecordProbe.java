package io.kshealth.collectors.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads, with a consumer of no group, the record at each lagging partition's position (its
 * timestamp is the true time lag; its offset, key size and header names are the evidence of where a
 * stalled group stopped) and finds the gaps that hold only transaction markers. Each (partition,
 * position) is read once: while the group's position stays, the answer is kept, so a steady or
 * stalled group costs no fetch at all. {@link #read} alone may also run on an alerting thread.
 */
final class RecordProbe {

  /** What a partition's head was read at. A markers-only answer holds only up to that end. */
  private record Known(long position, long end, Head head) {}

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration CLOSE = Duration.ofSeconds(1);

  private final Supplier<Consumer<byte[], Void>> factory;
  private final KeyHash keys;
  private final Clock clock;
  private final Map<TopicPartition, Known> known = new HashMap<>();
  private final LongAdder reads = new LongAdder();
  private final DoubleAdder requests = new DoubleAdder();

  /**
   * @param factory makes a consumer for each read: an app that is never behind never pays for one
   */
  RecordProbe(Supplier<Consumer<byte[], Void>> factory, KeyHash keys, Clock clock) {
    this.factory = factory;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The head of every partition in {@code lagging}, reading what is not known yet for at most
   * {@code budget}. Partitions not in {@code lagging} are forgotten.
   */
  Map<TopicPartition, Head> heads(Map<TopicPartition, PartitionOffsets> lagging, Duration budget) {
    known.keySet().retainAll(lagging.keySet());
    Map<TopicPartition, Head> heads = new HashMap<>();
    Map<TopicPartition, PartitionOffsets> toRead = new HashMap<>();
    lagging.forEach(
        (tp, o) -> {
          Known k = known.get(tp);
          if (k != null
              && k.position() == o.position()
              && (k.head().kind() != Head.Kind.MARKERS_ONLY || k.end() == o.end())) {
            heads.put(tp, k.head());
          } else {
            toRead.put(tp, o);
          }
        });
    if (!toRead.isEmpty()) {
      read(toRead, budget)
          .forEach(
              (tp, head) -> {
                heads.put(tp, head);
                PartitionOffsets o = toRead.get(tp);
                // read() answers only for the partitions asked.
                if (o != null && head.kind() != Head.Kind.UNREAD) {
                  known.put(tp, new Known(o.position(), o.end(), head));
                }
              });
    }
    return heads;
  }

  /**
   * The most partitions the consumer is assigned at once. What it holds grows with its assignment
   * (fetch metrics for every partition, dropped when it is unassigned, and buffered fetches): the
   * moving phase of bench/lag-agent-collection.sh, which reads all 2,052 partitions, kept 6.3 KiB a
   * partition more than the steady one (docs/benchmarks.md). Read in turns of this many, the reader
   * takes at most about 3 MiB whatever the group's size; each turn costs some round trips (128 at a
   * time read 1,408 of 2,052 partitions in the reader's 2 s budget on a busy host, 2,052 at once
   * all of them in 1.5 s), so turns are only as small as the bound needs.
   */
  static final int PARTITIONS_AT_ONCE = 512;

  /**
   * Reads with a consumer of its own, closed at the end, {@link #PARTITIONS_AT_ONCE} partitions at
   * a time: a steady or stalled group needs no read at all until its offsets move. Safe beside a
   * run: it shares only the counters.
   */
  Map<TopicPartition, Head> read(Map<TopicPartition, PartitionOffsets> toRead, Duration budget) {
    Consumer<byte[], Void> consumer = factory.get();
    long deadline = clock.millis() + budget.toMillis();
    Map<TopicPartition, Head> found = new HashMap<>();
    List<TopicPartition> all = new ArrayList<>(toRead.keySet());
    try {
      for (int from = 0; from < all.size(); from += PARTITIONS_AT_ONCE) {
        Map<TopicPartition, PartitionOffsets> turn = new HashMap<>();
        all.subList(from, Math.min(all.size(), from + PARTITIONS_AT_ONCE))
            .forEach(tp -> turn.put(tp, toRead.get(tp)));
        found.putAll(read(consumer, turn, deadline));
      }
      return found;
    } finally {
      requests.add(ClientRequests.total(consumer.metrics()));
      consumer.close(CloseOptions.timeout(CLOSE));
    }
  }

  /**
   * One turn: assigning these partitions drops the previous turn's from the consumer, with what it
   * buffered and its metrics for them.
   */
  private Map<TopicPartition, Head> read(
      Consumer<byte[], Void> consumer,
      Map<TopicPartition, PartitionOffsets> toRead,
      long deadline) {
    Set<TopicPartition> pending = new HashSet<>(toRead.keySet());
    Set<TopicPartition> deleted = new HashSet<>();
    Map<TopicPartition, Head> found = new HashMap<>();
    consumer.assign(pending);
    toRead.forEach((tp, o) -> consumer.seek(tp, o.position()));
    while (!pending.isEmpty() && clock.millis() < deadline) {
      Set<TopicPartition> done = new HashSet<>();
      try {
        for (ConsumerRecord<byte[], Void> r : consumer.poll(POLL)) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (pending.remove(tp)) {
            reads.increment();
            found.put(
                tp,
                new Head(
                    deleted.contains(tp) ? Head.Kind.DELETED : Head.Kind.RECORD,
                    r.timestamp(),
                    Optional.of(RecordMeta.of(r, keys))));
            done.add(tp);
          }
        }
      } catch (OffsetOutOfRangeException e) {
        // Retention deleted the group's position: the oldest record left is the best estimate.
        deleted.addAll(e.partitions());
        consumer.seekToBeginning(e.partitions());
        continue;
      }
      for (TopicPartition tp : pending) {
        PartitionOffsets o =
            Objects.requireNonNull(toRead.get(tp), "pending is a subset of toRead");
        if (!deleted.contains(tp) && consumer.position(tp) >= o.end()) {
          found.put(tp, Head.MARKERS);
          done.add(tp);
        }
      }
      pending.removeAll(done);
      // Answered partitions fetch nothing more; what is already buffered for them stays unread.
      consumer.pause(done);
    }
    pending.forEach(tp -> found.put(tp, Head.NOT_READ));
    return found;
  }

  /** Records fetched so far to learn a timestamp. */
  long reads() {
    return reads.sum();
  }

  /** The consumers' requests to the brokers so far. */
  double requests() {
    return requests.sum();
  }
}
