package io.kshealth.collectors.ebs;

/**
 * One disk's cumulative I/O counters since boot, as {@code /proc/diskstats} gives them: completed
 * requests and the bytes they carried (diskstats counts 512-byte sectors whatever the disk's own
 * sector size, so bytes = sectors × 512). Reads and writes are kept apart because they tend to
 * differ in size (small point lookups, large writeback), which makes {@link IoUnits}' estimate
 * closer when a request can exceed the EBS I/O unit.
 *
 * @param reads reads completed (diskstats field 4)
 * @param readBytes sectors read (field 6) × 512
 * @param writes writes completed (field 8)
 * @param writeBytes sectors written (field 10) × 512
 */
record IoCounters(long reads, long readBytes, long writes, long writeBytes) {

  public IoCounters {
    if (reads < 0 || readBytes < 0 || writes < 0 || writeBytes < 0) {
      throw new IllegalArgumentException("negative I/O counter: " + this);
    }
  }

  /**
   * Whether any counter is lower than in {@code earlier}: the device was detached and attached
   * again, or the counters wrapped, so the difference between the two means nothing.
   */
  boolean wentBackFrom(IoCounters earlier) {
    return reads < earlier.reads
        || readBytes < earlier.readBytes
        || writes < earlier.writes
        || writeBytes < earlier.writeBytes;
  }

  /** What was done since {@code earlier}, none of whose counters may be higher than this one's. */
  IoCounters since(IoCounters earlier) {
    return new IoCounters(
        reads - earlier.reads,
        readBytes - earlier.readBytes,
        writes - earlier.writes,
        writeBytes - earlier.writeBytes);
  }
}
