package io.kshealth.collectors.ebs;

import java.util.Locale;
import java.util.Optional;

/**
 * The burst bucket of one EBS volume: how many credits it holds when full, how fast it earns them
 * (the baseline) and how fast the volume may spend them (the burst). A credit is one EBS I/O unit:
 * for gp2 an I/O credit, one operation of up to 256 KiB; for st1 and sc1 a throughput credit, one
 * MiB, where every I/O of 1 MiB or less costs a full MiB.
 *
 * <p>Sources: gp2 as in DESIGN.md §3 (baseline 3 IOPS per GiB between 100 and 16,000, burst 3,000,
 * 5.4 million credits). st1 and sc1 from the EC2 user guide's "Throughput Credits and Burst
 * Performance" sections (awsdocs/amazon-ec2-user-guide, doc_source/EBSVolumeTypes.md; today
 * https://docs.aws.amazon.com/ebs/latest/userguide/hdd-vols.html): "For a 1 TiB st1 volume, burst
 * throughput is limited to 250 MiB/s, the bucket fills with credits at 40 MiB/s, and it can hold up
 * to 1 TiB-worth of credits", limits scaling linearly with size, throughput capped at 500 MiB/s;
 * sc1 the same with 80 and 12 MiB/s and a cap of 250 MiB/s; and "an I/O request of 1 MiB or less
 * counts as a 1 MiB I/O credit".
 *
 * @param volumeType the EBS volume type, lower case
 * @param capacity credits in a full bucket
 * @param baselinePerSecond credits earned per second, and the rate the volume is held to when the
 *     bucket is empty
 * @param burstPerSecond the most credits per second the volume may spend while it has some
 * @param unitBytes the size of the I/O that one credit pays for
 */
record CreditBucket(
    String volumeType,
    double capacity,
    double baselinePerSecond,
    double burstPerSecond,
    long unitBytes) {

  /** The bucket of a gp2 volume below 1 TiB, in I/O credits. */
  static final double GP2_CAPACITY = 5_400_000;

  static final double GP2_BURST_IOPS = 3_000;

  private static final long GIB = 1L << 30;
  private static final double TIB = 1L << 40;
  private static final double MIB_PER_TIB = 1 << 20;

  /**
   * The bucket of a volume of a type that has one: gp2, st1 or sc1 (any case). Other types (gp3,
   * io1, io2, standard) have no burst balance: empty.
   *
   * @param sizeBytes the volume's size, as {@code /sys/block/<disk>/size} × 512 gives it
   */
  public static Optional<CreditBucket> of(String volumeType, long sizeBytes) {
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("volume size must be positive: " + sizeBytes);
    }
    switch (volumeType.toLowerCase(Locale.ROOT)) {
      case "gp2":
        return Optional.of(gp2(sizeBytes));
      case "st1":
        return Optional.of(hdd("st1", sizeBytes, 40, 250, 500));
      case "sc1":
        return Optional.of(hdd("sc1", sizeBytes, 12, 80, 250));
      default:
        return Optional.empty();
    }
  }

  /**
   * gp2 volumes are sold in whole GiB; from 1,000 GiB the baseline reaches the burst rate and the
   * credits are never spent.
   */
  private static CreditBucket gp2(long sizeBytes) {
    double baseline = Math.min(Math.max(3.0 * (sizeBytes / GIB), 100), 16_000);
    return new CreditBucket("gp2", GP2_CAPACITY, baseline, GP2_BURST_IOPS, IoUnits.SSD_UNIT_BYTES);
  }

  /** st1 and sc1: rates in MiB/s per TiB of size, both capped; one TiB of credits per TiB. */
  private static CreditBucket hdd(
      String type, long sizeBytes, double baselinePerTib, double burstPerTib, double capMibPerS) {
    double tib = sizeBytes / TIB;
    return new CreditBucket(
        type,
        tib * MIB_PER_TIB,
        Math.min(baselinePerTib * tib, capMibPerS),
        Math.min(burstPerTib * tib, capMibPerS),
        IoUnits.HDD_UNIT_BYTES);
  }

  /**
   * Whether the volume can spend faster than it earns. When it cannot (gp2 of 1,000 GiB or more,
   * st1 of 12.5 TiB or more, where both reach the 500 MiB/s cap) the bucket stays full: AWS says
   * such gp2 volumes never spend credits.
   */
  public boolean bursts() {
    return burstPerSecond > baselinePerSecond;
  }

  /**
   * The balance after {@code seconds} in which the volume did {@code units} I/O units, starting
   * from {@code credits}: earned at the baseline, spent per unit, kept within [0, capacity]. An
   * empty bucket holds the volume to its baseline, so it cannot go below zero.
   */
  double after(double credits, double units, double seconds) {
    if (!bursts()) {
      return capacity;
    }
    return Math.min(capacity, Math.max(0, credits + baselinePerSecond * seconds - units));
  }
}
