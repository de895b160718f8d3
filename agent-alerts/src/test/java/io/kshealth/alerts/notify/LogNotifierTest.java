package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The lines the agent's log gets. */
class LogNotifierTest {

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.kshealth.alerts");

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  @Test
  void oneLinePerAlertWarnWhenFiringInfoWhenResolved() {
    new LogNotifier("ops-log")
        .send(
            List.of(
                Alerts.firing(Alerts.ebs("vol-1"), Alerts.ebsAnnotations("vol-1")),
                Alerts.resolved(Alerts.ebs("vol-2"), Alerts.ebsAnnotations("vol-2"))));

    assertEquals(2, log.list.size());
    ILoggingEvent firing = log.list.get(0);
    assertEquals(Level.WARN, firing.getLevel());
    assertEquals(
        "alert firing: EbsBurstCreditsRunningOut severity=critical labels={volume=vol-1}"
            + " summary=Volume vol-1 runs out of burst credits",
        firing.getFormattedMessage());
    ILoggingEvent resolved = log.list.get(1);
    assertEquals(Level.INFO, resolved.getLevel());
    assertEquals(
        "alert resolved: EbsBurstCreditsRunningOut severity=critical labels={volume=vol-2}"
            + " summary=Volume vol-2 runs out of burst credits",
        resolved.getFormattedMessage());
  }

  @Test
  void theLineNamesTheStuckThreadAndWhereItStoppedButNotTheFrames() {
    new LogNotifier("ops-log")
        .send(
            List.of(
                Alerts.firing(
                    Map.of("alertname", "KafkaStreamsLagStalled", "severity", "critical"),
                    Map.of(
                        "summary", "lag stalled",
                        "stuck_thread", "app-StreamThread-1 TIMED_WAITING",
                        "stuck_frames", "at Thread.sleep",
                        "stopped_at", "orders-3 at offset 1041"))));
    assertEquals(
        "alert firing: KafkaStreamsLagStalled severity=critical labels={} summary=lag stalled"
            + " stuck_thread=app-StreamThread-1 TIMED_WAITING stopped_at=orders-3 at offset 1041",
        log.list.get(0).getFormattedMessage());
  }

  @Test
  void anAlertWithoutNameSeverityOrSummaryStillGetsItsLine() {
    LogNotifier notifier = new LogNotifier("ops-log");
    notifier.send(List.of(Alerts.firing(Map.of(), Map.of())));

    assertEquals(
        "alert firing:  severity=none labels={} summary=", log.list.get(0).getFormattedMessage());
    assertFalse(notifier.resendsActive());
    assertEquals("log", notifier.describe());
  }
}
