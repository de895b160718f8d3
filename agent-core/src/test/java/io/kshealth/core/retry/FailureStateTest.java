package io.kshealth.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureStateTest {

  private final MutableClock clock = new MutableClock();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(FailureStateTest.class);
  private Level levelBefore;

  private final FailureState brokers =
      new FailureState(
          logger,
          "Reading the lag from localhost:9092",
          new Backoff(
              RetryPolicy.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30)),
              clock,
              () -> 1.0));

  @BeforeEach
  void capture() {
    levelBefore = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(levelBefore);
  }

  private List<String> lines(Level level) {
    return appender.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void theFirstFailureIsAWarningWithItsCauseAndRepeatsAreNot() {
    assertEquals(Duration.ofSeconds(1), brokers.failed("connection refused"));
    clock.advance(Duration.ofSeconds(1));
    brokers.failed("connection refused");
    clock.advance(Duration.ofSeconds(2));
    brokers.failed("TimeoutException: no answer within 5000ms");

    assertEquals(
        List.of(
            "Reading the lag from localhost:9092 failed: connection refused; next attempt in 1s"),
        lines(Level.WARN));
    assertEquals(
        List.of(
            "Reading the lag from localhost:9092 failed again (2 in a row): connection refused;"
                + " next attempt in 2s",
            "Reading the lag from localhost:9092 failed again (3 in a row): TimeoutException: no"
                + " answer within 5000ms; next attempt in 4s"),
        lines(Level.DEBUG));
    assertEquals(List.of(), lines(Level.INFO));
    assertEquals(3, brokers.failures());
  }

  @Test
  void theRecoveryIsLoggedOnceWithHowManyFailedAndForHowLong() {
    brokers.failed("connection refused");
    clock.advance(Duration.ofSeconds(1));
    brokers.failed("connection refused");
    clock.advance(Duration.ofSeconds(2));
    brokers.succeeded();
    brokers.succeeded();

    assertEquals(
        List.of("Reading the lag from localhost:9092 recovered after 2 failed attempt(s) over 3s"),
        lines(Level.INFO));
    assertEquals(0, brokers.failures());
  }

  @Test
  void aSuccessWithoutFailuresLogsNothing() {
    brokers.succeeded();
    assertEquals(List.of(), appender.list);
  }

  @Test
  void aRetryIsDueByTheClockAndAtOnceAfterASuccess() {
    assertTrue(brokers.retryDue());
    brokers.failed("connection refused");
    assertFalse(brokers.retryDue());
    assertEquals(Duration.ofSeconds(1), brokers.untilRetry());
    clock.advance(Duration.ofMillis(400));
    assertEquals(Duration.ofMillis(600), brokers.untilRetry());
    clock.advance(Duration.ofMillis(600));
    assertTrue(brokers.retryDue());

    brokers.failed("connection refused");
    assertEquals(Duration.ofSeconds(2), brokers.untilRetry(), "the second wait is longer");
    brokers.succeeded();
    assertTrue(brokers.retryDue());
    assertEquals(Duration.ofSeconds(1), brokers.failed("connection refused"), "back to the start");
  }

  @Test
  void forgettingResetsWithoutARecoveryAndTheNextFailureWarnsAgain() {
    brokers.failed("connection refused");
    brokers.forget();
    assertTrue(brokers.retryDue());
    assertEquals(0, brokers.failures());
    brokers.failed("connection refused");

    assertEquals(List.of(), lines(Level.INFO));
    assertEquals(2, lines(Level.WARN).size());
  }
}
