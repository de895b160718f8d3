package io.kshealth.collectors.lag;

import io.kshealth.api.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The evidence of where a group stopped ({@link Evidence#STOPPED_AT}, docs/evidence.md): which
 * partitions, at which committed offset, and the record there, chosen from the collector's last
 * view by the alert's labels.
 */
final class StoppedAt {

  /** The annotation receivers get. */
  static final String ANNOTATION = "stopped_at";

  /**
   * One partition in the evidence.
   *
   * @param head what was read at its committed offset
   */
  record Stopped(
      TopicPartition partition, PartitionOffsets offsets, long lag, LagStatus status, Head head) {

    /**
     * @param now the partition's offsets read for the capture, newer than the run's; null when they
     *     could not be read: the run's serve
     */
    static Stopped of(TopicPartition tp, PartitionLag p, @Nullable PartitionOffsets now) {
      if (now == null || now.equals(p.offsets())) {
        return new Stopped(tp, p.offsets(), p.lag(), p.status(), p.head());
      }
      // The record read at the committed offset stays the evidence while the offset has not moved;
      // at a new one it is read again.
      Head head = now.position() == p.offsets().position() ? p.head() : Head.NOT_READ;
      return new Stopped(tp, now, now.lag(), p.status(), head);
    }

    Stopped withHead(Head read) {
      return new Stopped(partition, offsets, lag, status, read);
    }
  }

  /** Most lagging first, then in the order of the metrics. */
  static final Comparator<Stopped> ORDER =
      Comparator.comparingLong(Stopped::lag)
          .reversed()
          .thenComparing(Stopped::partition, Partitions.ORDER);

  /**
   * Which evidence the alert's labels ask of this view.
   *
   * @param source {@code stalled}: the group's partitions that read STALL or STOP, or whose
   *     committed offset has not moved for longer than the stall limit while records wait; {@code
   *     instance}: those of the watched instance that have records waiting, as owned before its
   *     client stopped
   */
  record Selection(String source, List<Stopped> partitions) {}

  private StoppedAt() {}

  /**
   * An alert with a {@code group} label (the lag rules) is about that group's stalled or stopped
   * partitions; one with an {@code application_id} (the streams rules: a client gone, failed or
   * stuck) about its instance's partitions, whose first unprocessed record is in [committed, end).
   * Empty for another group or an alert without either label.
   *
   * @param now offsets read for the capture, by partition, which replace the view's: a client that
   *     died on a record appended after the view's run has that record waiting now
   * @param stallAfter the stall limit ({@link StatusRules#stallAfter})
   */
  static Optional<Selection> select(
      LagView view,
      Map<String, String> labels,
      Map<TopicPartition, PartitionOffsets> now,
      Duration stallAfter) {
    String group = labels.get("group");
    String app = labels.get("application_id");
    if (group != null ? !group.equals(view.group()) : !view.group().equals(app)) {
      return Optional.empty();
    }
    if (group == null && !view.instance().isEmpty()) {
      return Optional.of(new Selection("instance", waiting(view.instance(), (p, s) -> true, now)));
    }
    // A partition that changes owners (a rebalance storm: a record slower than the poll interval
    // moves from member to member) has its wait for a commit started again by each new owner and
    // may not read STALL when the alert goes pending, yet its committed offset stands still (unless
    // the offsets read now show it moved).
    double limit = stallAfter.toMillis() / 1000.0;
    return Optional.of(
        new Selection(
            "stalled",
            waiting(
                view.partitions(),
                (p, s) ->
                    p.status() == LagStatus.STALL
                        || p.status() == LagStatus.STOP
                        || (p.commitAgeSeconds() > limit
                            && s.offsets().position() == p.offsets().position()),
                now)));
  }

  private static List<Stopped> waiting(
      Map<TopicPartition, PartitionLag> lags,
      BiPredicate<PartitionLag, Stopped> stopped,
      Map<TopicPartition, PartitionOffsets> now) {
    List<Stopped> out = new ArrayList<>();
    lags.forEach(
        (tp, p) -> {
          Stopped s = Stopped.of(tp, p, now.get(tp));
          if (s.lag() > 0 && stopped.test(p, s)) {
            out.add(s);
          }
        });
    out.sort(ORDER);
    return out;
  }

  /** The evidence; nothing when no partition has records waiting. */
  static Optional<Evidence> evidence(
      String group, Selection selection, KeyHash keys, long nowMillis) {
    if (selection.partitions().isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(ANNOTATION, annotation(selection.partitions()));
    return Optional.of(
        new Evidence(
            Evidence.STOPPED_AT,
            nowMillis,
            annotations,
            StoppedAtJson.detail(group, selection, keys.mode(), Evidence.MAX_DETAIL_CHARS)));
  }

  /**
   * {@code events-3 @ 1234 (end 1300, record 2026-12-06T21:00:00Z, key 12 B, headers [trace-id]);
   * events-7 @ ...}, as many partitions as fit, then how many more there are.
   */
  static String annotation(List<Stopped> partitions) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < partitions.size(); i++) {
      String one = (i == 0 ? "" : "; ") + describe(partitions.get(i));
      int after = partitions.size() - i - 1;
      String more = after == 0 ? "" : "; " + after + " more";
      // The first always (Evidence cuts it if need be); the others while the count of the rest
      // still fits after them.
      if (i > 0 && text.length() + one.length() + more.length() > Evidence.MAX_ANNOTATION_CHARS) {
        return text.append("; ").append(partitions.size() - i).append(" more").toString();
      }
      text.append(one);
    }
    return text.toString();
  }

  static String describe(Stopped s) {
    StringBuilder text =
        new StringBuilder()
            .append(s.partition().topic())
            .append('-')
            .append(s.partition().partition())
            .append(" @ ")
            .append(s.offsets().position())
            .append(" (end ")
            .append(s.offsets().end());
    Head head = s.head();
    head.record()
        .ifPresentOrElse(
            r -> {
              text.append(
                  head.kind() == Head.Kind.DELETED ? ", deleted; oldest left " : ", record ");
              if (r.offset() != s.offsets().position()) {
                text.append("at ").append(r.offset()).append(' ');
              }
              text.append(Instant.ofEpochMilli(head.timestampMillis()))
                  .append(r.keyBytes() < 0 ? ", no key" : ", key " + r.keyBytes() + " B")
                  .append(", headers ")
                  .append(r.headers());
            },
            () -> text.append(", record not read"));
    return text.append(')').toString();
  }
}
