package io.kshealth.collectors.lag;

/**
 * One partition's offsets as one run read them.
 *
 * @param committed the group's committed offset; -1 when it has committed none
 * @param end the last stable offset: the high watermark, or the first offset of the oldest open
 *     transaction, so uncommitted transactional data is not counted
 * @param start where the group starts without a commit: the log start offset, -1 when it was not
 *     needed
 */
record PartitionOffsets(long committed, long end, long start) {

  /** Where the group's next record to process is. */
  long position() {
    return committed >= 0 ? committed : Math.max(start, 0);
  }

  /** End minus position, never below 0 (a committed offset read just before the end moved). */
  long lag() {
    return Math.max(0, end - position());
  }
}
