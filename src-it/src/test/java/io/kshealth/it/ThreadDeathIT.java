package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.app.Fault;
import io.kshealth.demo.app.SampleStreamsApp.GroupProtocol;
import io.kshealth.demo.driver.AppEvent;
import io.kshealth.demo.driver.FaultInjector;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.Jmx;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The thread-death switch: a poison record, dead stream threads, a client gone from JMX. */
class ThreadDeathIT {

  static final Duration FAULT_TIMEOUT = Duration.ofSeconds(60);

  @ParameterizedTest
  @EnumSource(GroupProtocol.class)
  void poisonRecordKillsTheClientWhileTheJvmLivesOn(GroupProtocol protocol, @TempDir Path dir)
      throws Exception {
    SampleAppOptions options =
        TestBed.newApp("thread-death-" + protocol.id(), dir).withGroupProtocol(protocol);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 50);
        SampleApp app = SampleApp.start(options);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers())) {
      app.awaitRunning();
      try (Jmx jmx = Jmx.connect(app.jmxUrl())) {
        assertEquals(2.0, jmx.sum(SampleAppIT.CLIENT, "alive-stream-threads"));

        faults.inject(app, Fault.THREAD_DEATH);
        app.awaitState("ERROR", 1, FAULT_TIMEOUT);
        assertTrue(input.sent() > 0);
        await().atMost(FAULT_TIMEOUT).until(() -> jmx.names("kafka.*:*").isEmpty());

        assertTrue(app.isAlive());
        assertTrue(((Number) jmx.get("java.lang:type=Runtime", "Uptime")).longValue() > 0);
        assertTrue(jmx.names("kafka.streams:type=stream-metrics,*").isEmpty());
      }
    }
  }

  /** Control records name their run: a fresh instance replaying the topic does not die again. */
  @Test
  void aFreshInstanceReplayingThePoisonRecordIgnoresIt(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("thread-death-replay", dir);
    try (FaultInjector faults = new FaultInjector(TestBed.bootstrapServers())) {
      try (SampleApp first = SampleApp.start(options)) {
        first.awaitRunning();
        faults.inject(first, Fault.THREAD_DEATH);
        first.awaitState("ERROR", 1, FAULT_TIMEOUT);
      }
      try (SampleApp second = SampleApp.start(options)) {
        second.awaitRunning();
        await()
            .atMost(FAULT_TIMEOUT)
            .until(() -> second.events().stream().anyMatch(e -> e.event().equals("ignored")));
        AppEvent ignored =
            second.events().stream()
                .filter(e -> e.event().equals("ignored"))
                .findFirst()
                .orElseThrow();
        assertEquals(Fault.THREAD_DEATH.id(), ignored.get("fault"));
        assertEquals("RUNNING", second.state());
        assertTrue(second.events().stream().noneMatch(e -> e.event().equals("fault")));
      }
    }
  }
}
