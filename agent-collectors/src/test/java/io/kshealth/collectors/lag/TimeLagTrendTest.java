package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slope test behind WARN, on time lags polled every 10 s. */
class TimeLagTrendTest {

  private static List<TimeLagTrend.Point> every10s(double... seconds) {
    List<TimeLagTrend.Point> points = new ArrayList<>();
    for (int i = 0; i < seconds.length; i++) {
      points.add(new TimeLagTrend.Point(10_000L * i, seconds[i]));
    }
    return points;
  }

  @Test
  void aSteadyRiseOfMoreThanThreeSecondsAMinuteIsRising() {
    assertTrue(TimeLagTrend.rising(every10s(2, 3, 4, 5, 6, 7, 8, 9, 10, 11)));
    assertTrue(TimeLagTrend.rising(every10s(2.0, 2.9, 3.5, 4.6, 5.0, 6.2, 6.9, 8.1, 8.8, 10.0)));
  }

  @Test
  void aRiseSlowerThanThatIsNot() {
    // 0.4 s a poll: 2.4 s a minute.
    assertFalse(TimeLagTrend.rising(every10s(2, 2.4, 2.8, 3.2, 3.6, 4.0, 4.4, 4.8, 5.2, 5.6)));
  }

  @Test
  void jitterThatHappensToClimbIsNot() {
    // Up 0.9 s over the window, as jitter within 2–3 s can be: steep for its span, but no trend.
    assertFalse(TimeLagTrend.rising(every10s(2.1, 2.9, 2.2, 2.8, 2.3, 3.0, 2.4, 2.9, 2.6, 3.0)));
  }

  @Test
  void flatFallingAndTooFewPointsAreNot() {
    assertFalse(TimeLagTrend.rising(every10s(3, 3, 3, 3, 3)));
    assertFalse(TimeLagTrend.rising(every10s(10, 9, 8, 7, 6)));
    assertFalse(TimeLagTrend.rising(every10s(1, 10)));
  }
}
