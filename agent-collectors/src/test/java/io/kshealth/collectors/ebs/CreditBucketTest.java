package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CreditBucketTest {

  private static final long GIB = 1L << 30;
  private static final long TIB = 1L << 40;

  private static CreditBucket of(String type, long bytes) {
    return CreditBucket.of(type, bytes).orElseThrow();
  }

  @Test
  void gp2BaselineIsThreeIopsPerGibClampedTo100And16000() {
    assertEquals(100, of("gp2", GIB).baselinePerSecond());
    assertEquals(100, of("gp2", 10 * GIB).baselinePerSecond());
    assertEquals(102, of("gp2", 34 * GIB).baselinePerSecond());
    assertEquals(1_500, of("gp2", 500 * GIB).baselinePerSecond());
    assertEquals(16_000, of("gp2", 6_000 * GIB).baselinePerSecond());
    assertEquals(16_000, of("gp2", 16 * TIB).baselinePerSecond());
  }

  @Test
  void gp2BurstsTo3000FromABucketOf5Point4MillionCreditsOf256KiB() {
    CreditBucket b = of("GP2", 10 * GIB);
    assertEquals(new CreditBucket("gp2", 5_400_000, 100, 3_000, 256 * 1024), b);
    assertTrue(b.bursts());
  }

  @Test
  void gp2From1000GibNeverSpendsCredits() {
    assertTrue(of("gp2", 999 * GIB).bursts());
    CreditBucket b = of("gp2", 1_000 * GIB);
    assertFalse(b.bursts());
    assertEquals(b.capacity(), b.after(0, 1e9, 1));
  }

  @Test
  void st1EarnsAndBurstsPerTibUpTo500MibPerSecondWithATibOfCreditsPerTib() {
    CreditBucket one = of("st1", TIB);
    assertEquals(new CreditBucket("st1", 1 << 20, 40, 250, 1 << 20), one);
    CreditBucket half = of("st1", TIB / 2);
    assertEquals(20, half.baselinePerSecond());
    assertEquals(125, half.burstPerSecond());
    assertEquals(512 * 1024, half.capacity());
    assertEquals(500, of("st1", 4 * TIB).burstPerSecond());
    assertEquals(160, of("st1", 4 * TIB).baselinePerSecond());
    assertFalse(of("st1", 25 * TIB / 2).bursts());
  }

  @Test
  void sc1EarnsAndBurstsPerTibUpTo250MibPerSecond() {
    CreditBucket one = of("sc1", TIB);
    assertEquals(new CreditBucket("sc1", 1 << 20, 12, 80, 1 << 20), one);
    assertEquals(192, of("sc1", 16 * TIB).baselinePerSecond());
    assertEquals(250, of("sc1", 16 * TIB).burstPerSecond());
    assertTrue(of("sc1", 16 * TIB).bursts());
  }

  @Test
  void typesWithoutABurstBalanceHaveNoBucket() {
    for (String type : new String[] {"gp3", "io1", "io2", "standard", "unknown"}) {
      assertTrue(CreditBucket.of(type, 100 * GIB).isEmpty(), type);
    }
    assertThrows(IllegalArgumentException.class, () -> CreditBucket.of("gp2", 0));
  }

  @Test
  void theBalanceEarnsTheBaselineAndPaysPerUnitWithinTheBucket() {
    CreditBucket b = of("gp2", 10 * GIB);
    assertEquals(1_000 + 100 * 10 - 500, b.after(1_000, 500, 10));
    assertEquals(b.capacity(), b.after(b.capacity() - 10, 0, 1), "a full bucket stays full");
    assertEquals(0, b.after(1_000, 30_000, 10), "an empty bucket holds the volume at baseline");
  }
}
