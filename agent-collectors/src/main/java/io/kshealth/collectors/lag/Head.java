package io.kshealth.collectors.lag;

import java.util.Optional;

/**
 * What the agent found at a partition's position, the group's next record to process.
 *
 * @param timestampMillis the record's timestamp; meaningless for {@link Kind#MARKERS_ONLY} and
 *     {@link Kind#UNREAD}
 * @param record what else the record read says (its offset, key size, header names), for the
 *     evidence of where the group stopped; empty when no record was read
 */
record Head(Kind kind, long timestampMillis, Optional<RecordMeta> record) {

  enum Kind {
    /** The first record at or after the position (markers and compacted-away records skipped). */
    RECORD,
    /**
     * Between the position and the end there are only transaction markers (or aborted records): an
     * exactly-once app that is caught up. The lag is 0.
     */
    MARKERS_ONLY,
    /**
     * The position is below the log start (retention deleted it): the timestamp is that of the
     * oldest record still in the log, so the time lag computed from it is a lower bound.
     */
    DELETED,
    /** Not read within this run's budget. */
    UNREAD
  }

  Head(Kind kind, long timestampMillis) {
    this(kind, timestampMillis, Optional.empty());
  }

  static final Head MARKERS = new Head(Kind.MARKERS_ONLY, 0);
  static final Head NOT_READ = new Head(Kind.UNREAD, 0);
}
