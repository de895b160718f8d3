package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.app.Fault;
import io.kshealth.demo.app.SampleTopics;
import io.kshealth.demo.driver.FaultInjector;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.GroupOffsets;
import io.kshealth.it.testbed.Jmx;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stall switch: every stream thread blocks inside a record. Nothing the app reports about
 * itself changes: it stays RUNNING with both threads alive. Only the group's committed offsets,
 * frozen while the input keeps coming, tell.
 */
class StallIT {

  /** How long "frozen" must last: this many of the app's commit intervals. */
  static final int COMMIT_INTERVALS = 5;

  @Test
  void aStalledAppStaysRunningWhileCommittedOffsetsFreezeAndLagGrows(@TempDir Path dir)
      throws Exception {
    SampleAppOptions options = TestBed.newApp("stall", dir);
    String events = options.topics().events();
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp app = SampleApp.start(options);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers());
        Admin admin = TestBed.admin();
        Jmx jmx = Jmx.connect(app.awaitRunning().jmxUrl())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> offsets(admin, app.applicationId(), events).totalCommitted() > 0);

      faults.inject(app, Fault.STALL);
      // Each of the two threads meets a stall record on one of its partitions and blocks there.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> app.events().stream().filter(e -> e.event().equals("fault")).count() >= 2);

      GroupOffsets frozen = offsets(admin, app.applicationId(), events);
      Duration window = options.commitInterval().multipliedBy(COMMIT_INTERVALS);
      await()
          .during(window)
          .atMost(window.multipliedBy(3))
          .until(
              () ->
                  offsets(admin, app.applicationId(), events).committed().equals(frozen.committed())
                      && jmx.clientState().equals("RUNNING"));

      assertTrue(
          offsets(admin, app.applicationId(), events).totalLag() > frozen.totalLag(),
          "lag must grow while the input keeps coming");
      assertEquals(2.0, jmx.sum(SampleAppIT.CLIENT, "alive-stream-threads"));
      assertTrue(app.isAlive());
      assertTrue(input.sent() > 0);
    }
  }

  private static GroupOffsets offsets(Admin admin, String group, String topic) throws Exception {
    return GroupOffsets.read(admin, group, topic, SampleTopics.PARTITIONS);
  }
}
