package io.kshealth.collectors.ebs;

/**
 * Turns the kernel's request counts into EBS I/O units. EBS counts an I/O of up to 256 KiB on SSD
 * volumes (1 MiB on HDD) as one operation and splits larger ones, so a 1 MiB write costs a gp2
 * volume four I/O credits
 * (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-io-characteristics.html).
 *
 * <p>{@code /proc/diskstats} counts requests after the block layer has split them at the device's
 * {@code queue/max_sectors_kb}. When that limit is at most the EBS unit, every counted request is
 * one EBS operation and the count is exact. Above it, a request may hold several units, and the
 * counters (n requests carrying B bytes in an interval) no longer say how many: the truth lies
 * between {@code max(n, B/U)} and {@code min(n + B/U, n × k)}, where U is the unit, M the request
 * limit and {@code k = ceil(M/U)} the units in a request of the limit.
 *
 * <p>The estimate assumes the two kinds of request a RocksDB store makes: small ones (point
 * lookups, WAL appends) of one unit each, and large ones of the full limit (writeback, compaction
 * readahead), each k units. Every request carries at least one 4 KiB page, so it attributes the
 * bytes above a page per request to requests of the limit: {@code n + max(0, B − n × 4 KiB) × (k −
 * 1) / (M − 4 KiB)}. That always lies within the bounds above and is exact for page-sized and
 * full-size requests. Other sizes are miscounted by less than one unit each, either way: a small
 * request of size s counts {@code (s − 4 KiB)(k − 1) / (M − 4 KiB)} too many (0.04 for 16 KiB under
 * a 1280 KiB limit); a large one counts up to {@code 1 − 1/k} too many at a multiple of the unit
 * and up to {@code (k − 1)/k} too few just above one. In the simulation's RocksDB-like mix it
 * counts 0.8 % more operations than EBS under a 512 KiB limit and 1.7 % more under 1280 KiB. EBS
 * also merges physically sequential small I/Os into one unit, which no counter shows: for
 * sequential workloads every figure here is an upper bound.
 */
final class IoUnits {

  /** The EBS I/O unit of SSD volumes (gp2, gp3, io1, io2). */
  public static final long SSD_UNIT_BYTES = 256 * 1024;

  /** The EBS I/O unit of HDD volumes (st1, sc1). */
  public static final long HDD_UNIT_BYTES = 1024 * 1024;

  /** The least a request carries, short of direct I/O in 512-byte sectors. */
  private static final long PAGE_BYTES = 4 * 1024;

  private final long unitBytes;
  private final long maxRequestBytes;
  private final long unitsPerMaxRequest;

  /**
   * @param unitBytes the EBS I/O unit, {@link #SSD_UNIT_BYTES} or {@link #HDD_UNIT_BYTES}
   * @param maxSectorsKb the device's {@code /sys/block/<disk>/queue/max_sectors_kb}: the largest
   *     request the kernel sends, in KiB
   */
  public IoUnits(long unitBytes, long maxSectorsKb) {
    if (unitBytes <= 0 || maxSectorsKb <= 0) {
      throw new IllegalArgumentException(
          "unit and request limit must be positive: " + unitBytes + " B, " + maxSectorsKb + " KiB");
    }
    this.unitBytes = unitBytes;
    this.maxRequestBytes = Math.multiplyExact(maxSectorsKb, 1024);
    this.unitsPerMaxRequest = (maxRequestBytes + unitBytes - 1) / unitBytes;
  }

  /** The EBS I/O unit in bytes. */
  public long unitBytes() {
    return unitBytes;
  }

  /** Whether every request the kernel counts is exactly one EBS operation. */
  public boolean exact() {
    return unitsPerMaxRequest == 1;
  }

  /**
   * The EBS operations that this many completed requests, carrying this many bytes in all, made
   * (see the class comment for the estimate and its bounds when {@link #exact()} is false).
   */
  public double estimate(long requests, long bytes) {
    if (requests < 0 || bytes < 0) {
      throw new IllegalArgumentException("negative count: " + requests + " requests, " + bytes);
    }
    if (exact()) {
      return requests;
    }
    long aboveOnePage = Math.max(0, bytes - requests * PAGE_BYTES);
    return requests
        + (double) aboveOnePage / (maxRequestBytes - PAGE_BYTES) * (unitsPerMaxRequest - 1);
  }
}
