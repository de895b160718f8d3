package io.kshealth.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  void passesWhenTheClockReachesIt() {
    MutableClock clock = new MutableClock();
    Deadline deadline = Deadline.at(clock, clock.millis() + 1000);
    assertFalse(deadline.passed());
    assertEquals(1000, deadline.remainingMillis());
    assertEquals(0, deadline.overrunMillis());
    deadline.check();
    clock.advance(Duration.ofMillis(1000));
    assertTrue(deadline.passed());
    assertEquals(0, deadline.remainingMillis());
    assertThrows(Deadline.Passed.class, deadline::check);
    clock.advance(Duration.ofMillis(250));
    assertEquals(250, deadline.overrunMillis(), "how far past it");
  }

  @Test
  void noneNeverPasses() {
    assertFalse(Deadline.NONE.passed());
    assertEquals(Long.MAX_VALUE, Deadline.NONE.remainingMillis());
  }

  @Test
  void aRealTimeDeadlineCountsFromNow() {
    Deadline deadline = Deadline.in(Duration.ofHours(1));
    assertFalse(deadline.passed());
    assertTrue(deadline.remainingMillis() > Duration.ofMinutes(59).toMillis());
    assertTrue(Deadline.in(Duration.ZERO).passed());
  }
}
