package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IoUnitsTest {

  private static final long KIB = 1024;
  private static final long SSD = IoUnits.SSD_UNIT_BYTES;

  @Test
  void requestsNoLargerThanTheUnitAreOneOperationEach() {
    IoUnits units = new IoUnits(SSD, 256);
    assertTrue(units.exact());
    assertEquals(1_000, units.estimate(1_000, 1_000 * 256 * KIB));
    assertEquals(1_000, units.estimate(1_000, 1_000 * 4 * KIB));
    assertTrue(new IoUnits(SSD, 128).exact());
    assertTrue(new IoUnits(IoUnits.HDD_UNIT_BYTES, 1024).exact());
  }

  @Test
  void aRequestAboveTheUnitCountsTheUnitsItHolds() {
    IoUnits units = new IoUnits(SSD, 1280);
    assertFalse(units.exact());
    assertEquals(5, units.estimate(1, 1280 * KIB), "1280 KiB is five 256 KiB operations");
    assertEquals(2, new IoUnits(SSD, 512).estimate(1, 512 * KIB));
  }

  @Test
  void pageSizedAndFullSizeRequestsMixedAreCountedExactly() {
    IoUnits units = new IoUnits(SSD, 1280);
    // 100 requests of 4 KiB (100 operations) and 10 of 1280 KiB (50 operations).
    assertEquals(150, units.estimate(110, 100 * 4 * KIB + 10 * 1280 * KIB), 1e-9);
  }

  @Test
  void smallRequestsAboveAPageAreOvercountedByTheirBytesAboveIt() {
    IoUnits units = new IoUnits(SSD, 1280);
    // 100 requests of 16 KiB and 10 of 1280 KiB: 150 operations, 100 × 12/1276 × 4 too many.
    double estimate = units.estimate(110, 100 * 16 * KIB + 10 * 1280 * KIB);
    assertEquals(150 + 100 * 12 * 4 / 1276.0, estimate, 1e-9);
  }

  @Test
  void theEstimateAlwaysLiesWithinWhatTheCountersAllow() {
    Random random = new Random(7);
    for (long maxKb : new long[] {300, 512, 1280, 2048}) {
      IoUnits units = new IoUnits(SSD, maxKb);
      long perMax = (maxKb * KIB + SSD - 1) / SSD;
      for (int trial = 0; trial < 200; trial++) {
        long n = 1 + random.nextInt(50);
        long bytes = 0;
        long truth = 0;
        for (int i = 0; i < n; i++) {
          long size = 4 * KIB * (1 + random.nextInt((int) (maxKb / 4)));
          bytes += size;
          truth += (size + SSD - 1) / SSD;
        }
        double low = Math.max(n, (double) bytes / SSD);
        double high = Math.min(n + (double) bytes / SSD, n * perMax);
        double estimate = units.estimate(n, bytes);
        assertTrue(low <= truth && truth <= high, "bounds hold the truth");
        assertTrue(low - 1e-9 <= estimate && estimate <= high + 1e-9, maxKb + ": " + estimate);
      }
    }
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new IoUnits(0, 256));
    assertThrows(IllegalArgumentException.class, () -> new IoUnits(SSD, 0));
    assertThrows(IllegalArgumentException.class, () -> new IoUnits(SSD, 256).estimate(-1, 0));
  }
}
