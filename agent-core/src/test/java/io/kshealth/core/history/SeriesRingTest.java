package io.kshealth.core.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeriesRingTest {

  static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long WINDOW = Duration.ofMinutes(30).toMillis();

  /** Adds a point every {@code spacing} ms for {@code count} points, with the window trimmed. */
  private static SeriesRing fill(long spacing, int count) {
    SeriesRing ring = new SeriesRing("c", START);
    for (int i = 0; i < count; i++) {
      long t = START + i * spacing;
      ring.add(t, i, t - WINDOW);
    }
    return ring;
  }

  @Test
  void aFullWindowAtTenSecondsHoldsItsPointsInLittleMoreThanItNeeds() {
    SeriesRing ring = fill(10_000, 1_000);
    assertEquals(181, ring.size(), "30 minutes at 10 s, both ends included");
    // Doubling took 256 slots; sized from the spacing it takes 181 + 1/32 + 2.
    assertTrue(ring.capacity() >= 181 && ring.capacity() <= 190, "capacity " + ring.capacity());
    SeriesPoints p = ring.points();
    assertEquals(START + 999 * 10_000L, p.times()[180]);
    assertEquals(999, p.values()[180]);
    assertEquals(START + 819 * 10_000L, p.times()[0]);
  }

  @Test
  void jitterInTheSpacingGrowsTheRingRarelyAndLosesNoPoint() {
    SeriesRing ring = new SeriesRing("c", START);
    long t = START;
    int grows = 0;
    int capacity = ring.capacity();
    for (int i = 0; i < 2_000; i++) {
      t += i % 7 == 0 ? 9_000 : 10_000; // now and then a run comes early
      ring.add(t, i, t - WINDOW);
      if (ring.capacity() != capacity) {
        grows++;
        capacity = ring.capacity();
      }
      SeriesPoints p = ring.points();
      assertTrue(p.times()[0] >= t - WINDOW && p.times()[p.size() - 1] == t);
    }
    assertTrue(grows <= 7, "grew " + grows + " times");
    assertTrue(ring.capacity() < 256, "capacity " + ring.capacity());
  }

  @Test
  void timesKeepTheirMillisecondsAsTheOldestPointMovesOn() {
    SeriesRing ring = new SeriesRing("c", START);
    ring.add(START, 0, Long.MIN_VALUE);
    ring.add(START + 1_000, 1, Long.MIN_VALUE);
    ring.add(START + Integer.MAX_VALUE, 2, Long.MIN_VALUE);
    // Past an int of milliseconds after the first point: counted from the oldest point kept.
    long last = START + Integer.MAX_VALUE + 1L;
    ring.add(last, 3, START + 500);
    assertArrayEquals(
        new long[] {START + 1_000, START + Integer.MAX_VALUE, last}, ring.points().times());
    assertArrayEquals(new double[] {1, 2, 3}, ring.points().values());
  }

  @Test
  void aPointFurtherThanAnIntOfMillisecondsDropsWhatNoLongerFits() {
    SeriesRing ring = new SeriesRing("c", START);
    ring.add(START, 1, Long.MIN_VALUE);
    ring.add(START + 1_000, 2, Long.MIN_VALUE);
    long far = START + 1_000 + Integer.MAX_VALUE;
    ring.add(far, 3, Long.MIN_VALUE);
    assertArrayEquals(new long[] {START + 1_000, far}, ring.points().times());
    assertArrayEquals(new double[] {2, 3}, ring.points().values());
  }

  @Test
  void anUnboundedCopyGrowsByDoubling() {
    SeriesRing ring = new SeriesRing("c", START);
    for (int i = 0; i < 181; i++) {
      ring.add(START + i * 10_000L, i, Long.MIN_VALUE);
    }
    assertEquals(181, ring.size());
    assertEquals(256, ring.capacity());
  }
}
