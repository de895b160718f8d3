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
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The slow-record switch: one record takes twice {@code max.poll.interval.ms}, so the member
 * holding it is put out of the group, the record is handed to another member uncommitted, and the
 * group rebalances again and again.
 */
class SlowRecordIT {

  static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(3);

  /** Meetings with the slow record that make a storm rather than a blip. */
  static final int RETRIES = 3;

  static final String COORDINATOR = "kafka.consumer:type=consumer-coordinator-metrics,client-id=*";

  @ParameterizedTest
  @EnumSource(GroupProtocol.class)
  void theGroupRebalancesAgainAndAgainOverOneRecord(GroupProtocol protocol, @TempDir Path dir)
      throws Exception {
    SampleAppOptions options =
        TestBed.newApp("slow-record-" + protocol.id(), dir)
            .withGroupProtocol(protocol)
            .withMaxPollInterval(MAX_POLL_INTERVAL);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 20);
        SampleApp app = SampleApp.start(options);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers());
        Jmx jmx = Jmx.connect(app.awaitRunning().jmxUrl())) {
      long rebalancingBefore = app.transitionsTo("REBALANCING");
      double rebalancesBefore = jmx.sum(COORDINATOR, "rebalance-total");

      faults.inject(app, Fault.SLOW_RECORD);
      await().atMost(Duration.ofMinutes(3)).until(() -> faultEvents(app).size() >= RETRIES);

      List<AppEvent> meetings = faultEvents(app);
      Set<String> records =
          meetings.stream()
              .map(e -> e.get("partition") + "@" + e.get("offset"))
              .collect(Collectors.toSet());
      assertEquals(1, records.size(), "one record, met again and again: " + meetings);
      if (protocol == GroupProtocol.CLASSIC) {
        // The client leaves RUNNING when its member is first put out. It need not come back to
        // RUNNING between meetings (the thread may take the record again before the client's
        // state settles), so the storm itself is counted in rebalances below. Under the streams
        // protocol the client mostly stays RUNNING throughout: only the rebalance count tells.
        assertTrue(
            app.transitionsTo("REBALANCING") > rebalancingBefore,
            "client state changes: " + app.events());
      }
      assertTrue(
          jmx.sum(COORDINATOR, "rebalance-total") >= rebalancesBefore + RETRIES - 1,
          "rebalance-total went from "
              + rebalancesBefore
              + " to "
              + jmx.sum(COORDINATOR, "rebalance-total"));
      assertTrue(input.sent() > 0);
    }
  }

  private static List<AppEvent> faultEvents(SampleApp app) {
    return app.events().stream().filter(e -> e.event().equals("fault")).toList();
  }
}
