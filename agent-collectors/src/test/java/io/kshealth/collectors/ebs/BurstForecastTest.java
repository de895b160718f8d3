package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BurstForecastTest {

  private static final long KIB = 1024;
  private static final long GIB = 1L << 30;
  private static final long TIB = 1L << 40;
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final double FULL = 5_400_000;

  /** A disk whose counters a test moves forward, read every 5 s like the collector does. */
  private static final class Disk {
    final BurstForecast forecast;
    long millis;
    long reads;
    long readBytes;

    Disk(BurstForecast forecast) {
      this(forecast, 0);
    }

    Disk(BurstForecast forecast, long firstReadingMillis) {
      this.forecast = forecast;
      this.millis = firstReadingMillis;
      forecast.observe(millis, counters());
    }

    /** {@code perSecond} reads of {@code bytes} each for {@code seconds}. */
    Disk run(long seconds, long perSecond, long bytes) {
      for (long s = 0; s < seconds; s += 5) {
        millis += 5_000;
        reads += 5 * perSecond;
        readBytes += 5 * perSecond * bytes;
        forecast.observe(millis, counters());
      }
      return this;
    }

    IoCounters counters() {
      return new IoCounters(reads, readBytes, 0, 0);
    }
  }

  private static BurstForecast gp2(long gib, long maxSectorsKb, double percent) {
    return new BurstForecast(
        CreditBucket.of("gp2", gib * GIB).orElseThrow(),
        new IoUnits(IoUnits.SSD_UNIT_BYTES, maxSectorsKb),
        percent);
  }

  private static double seconds(BurstForecast f) {
    return f.secondsToExhaustion().orElseThrow();
  }

  @Test
  void drainsAtTheRateAboveTheBaselineAndSaysWhenItWillBeEmpty() {
    BurstForecast f = new Disk(gp2(10, 256, 100)).run(60, 3_000, 16 * KIB).forecast;
    assertEquals(FULL - 2_900 * 60, f.credits(), 1e-6);
    assertEquals(3_000, f.unitsPerSecond().orElseThrow(), 1e-9);
    assertEquals((FULL - 2_900 * 60) / 2_900, seconds(f), 1e-6);
    assertEquals(100 * (FULL - 2_900 * 60) / FULL, f.percent(), 1e-9);
  }

  @Test
  void notDrainingHasNoTimeToExhaustionAndAFullBucketStaysFull() {
    BurstForecast f = new Disk(gp2(10, 256, 100)).run(120, 80, 4 * KIB).forecast;
    assertEquals(OptionalDouble.empty(), f.secondsToExhaustion());
    assertEquals(100, f.percent());
  }

  @Test
  void nothingIsKnownBeforeTwoReadings() {
    BurstForecast f = gp2(10, 256, 100);
    assertEquals(OptionalDouble.empty(), f.unitsPerSecond());
    assertEquals(OptionalDouble.empty(), f.secondsToExhaustion());
    f.observe(0, new IoCounters(0, 0, 0, 0));
    assertEquals(OptionalDouble.empty(), f.secondsToExhaustion());
  }

  @Test
  void refillsAtTheBaselineWhileIdle() {
    BurstForecast f = new Disk(gp2(100, 256, 50)).run(100, 0, 0).forecast;
    assertEquals(FULL / 2 + 300 * 100, f.credits(), 1e-6);
    assertEquals(OptionalDouble.empty(), f.secondsToExhaustion());
  }

  @Test
  void anEmptyBucketHasNoTimeLeft() {
    BurstForecast f = new Disk(gp2(10, 256, 1)).run(60, 3_000, 4 * KIB).forecast;
    assertEquals(0, f.credits());
    assertEquals(0, seconds(f));
  }

  @Test
  void aNearlyEmptyBucketAtTheBaselineIsTakenAsEmpty() {
    BurstForecast f = new Disk(gp2(10, 256, 0.5)).run(60, 101, 4 * KIB).forecast;
    assertEquals(0.5 * FULL / 100 - 60, f.credits(), 1e-6);
    assertEquals(0, seconds(f));
    BurstForecast above = new Disk(gp2(10, 256, 2)).run(60, 101, 4 * KIB).forecast;
    assertEquals((0.02 * FULL - 60) / 1, seconds(above), 1e-6);
  }

  @Test
  void requestsAbove256KibCostSeveralCredits() {
    // 1 MiB reads that the kernel does not split: four EBS operations each.
    BurstForecast f = new Disk(gp2(10, 1024, 100)).run(60, 750, 1024 * KIB).forecast;
    assertEquals(3_000, f.unitsPerSecond().orElseThrow(), 1e-9);
    assertEquals(FULL - 2_900 * 60, f.credits(), 1e-6);
  }

  @Test
  void st1SpendsThroughputCreditsOfAMebibytePerRequestOfUpToAMebibyte() {
    BurstForecast f =
        new BurstForecast(
            CreditBucket.of("st1", TIB).orElseThrow(),
            new IoUnits(IoUnits.HDD_UNIT_BYTES, 1024),
            100);
    new Disk(f).run(60, 250, 1024 * KIB);
    assertEquals((1 << 20) - 210 * 60, f.credits(), 1e-6);
    assertEquals(((1 << 20) - 210 * 60) / 210.0, seconds(f), 1e-6);
  }

  @Test
  void sc1CountsSmallRandomReadsAsAMebibyteEach() {
    BurstForecast f =
        new BurstForecast(
            CreditBucket.of("sc1", TIB).orElseThrow(),
            new IoUnits(IoUnits.HDD_UNIT_BYTES, 512),
            100);
    new Disk(f).run(60, 100, 4 * KIB);
    assertEquals(100, f.unitsPerSecond().orElseThrow(), 1e-9);
    assertEquals((1 << 20) - 88 * 60, f.credits(), 1e-6);
  }

  @Test
  void aLatePointSetsTheBalanceWhenItHeldAndReplaysWhatCameAfter() {
    Disk disk = new Disk(gp2(10, 256, 100)).run(600, 3_000, 4 * KIB);
    // The mean of minute 5, at 5:30, when the forecast had 5.4 M - 330 s × 2,900.
    OptionalDouble correction = disk.forecast.calibrate(Instant.ofEpochSecond(300), MINUTE, 50);
    double had = 100 * (FULL - 330 * 2_900) / FULL;
    assertEquals(50 - had, correction.orElseThrow(), 1e-9);
    assertEquals(FULL / 2 - 270 * 2_900, disk.forecast.credits(), 1e-6);
    // The replayed history serves the next point in the same way.
    disk.run(60, 3_000, 4 * KIB);
    OptionalDouble next = disk.forecast.calibrate(Instant.ofEpochSecond(360), MINUTE, 47);
    assertEquals(47 - 100 * (FULL / 2 - 60 * 2_900) / FULL, next.orElseThrow(), 1e-9);
    assertEquals(0.47 * FULL - 270 * 2_900, disk.forecast.credits(), 1e-6);
  }

  @Test
  void aPointNotNewerThanTheLastOrOlderThanTheHistoryIsIgnored() {
    Disk disk = new Disk(gp2(10, 256, 100)).run(1_200, 3_000, 4 * KIB);
    BurstForecast f = disk.forecast;
    assertEquals(OptionalDouble.empty(), f.calibrate(Instant.ofEpochSecond(240), MINUTE, 10));
    assertTrue(f.calibrate(Instant.ofEpochSecond(600), MINUTE, 70).isPresent());
    double credits = f.credits();
    assertEquals(OptionalDouble.empty(), f.calibrate(Instant.ofEpochSecond(600), MINUTE, 70));
    assertEquals(OptionalDouble.empty(), f.calibrate(Instant.ofEpochSecond(540), MINUTE, 10));
    assertEquals(credits, f.credits());
  }

  @Test
  void aPointFromBeforeTheFirstReadingIsAppliedThere() {
    BurstForecast f = gp2(10, 256, 100);
    new Disk(f, 600_000).run(60, 3_000, 4 * KIB);
    // The agent started at 10:00; the newest point is the mean of minute 8.
    assertEquals(-20, f.calibrate(Instant.ofEpochSecond(480), MINUTE, 80).orElseThrow(), 1e-9);
    assertEquals(0.8 * FULL - 60 * 2_900, f.credits(), 1e-6);
  }

  @Test
  void countersThatGoBackStartAgainWithoutSpending() {
    Disk disk = new Disk(gp2(10, 256, 100)).run(60, 3_000, 4 * KIB);
    double credits = disk.forecast.credits();
    disk.reads = 0;
    disk.readBytes = 0;
    disk.millis += 5_000;
    disk.forecast.observe(disk.millis, disk.counters());
    assertEquals(credits, disk.forecast.credits());
    disk.run(5, 3_000, 4 * KIB);
    assertEquals(credits - 5 * 2_900, disk.forecast.credits(), 1e-6);
  }

  @Test
  void rejectsUnitsOfAnotherBucketAndValuesThatAreNotPercentages() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BurstForecast(
                CreditBucket.of("st1", TIB).orElseThrow(),
                new IoUnits(IoUnits.SSD_UNIT_BYTES, 256),
                100));
    assertThrows(IllegalArgumentException.class, () -> gp2(10, 256, 101));
    BurstForecast f = gp2(10, 256, 100);
    assertThrows(
        IllegalArgumentException.class, () -> f.calibrate(Instant.EPOCH, MINUTE, Double.NaN));
  }
}
