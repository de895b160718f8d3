package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.ChangelogSeeder;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.Jmx;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore switch: the app's state dir is wiped and it restarts, so its stores restore from
 * changelogs large enough that the restore spans many readings.
 */
class RestoreIT {

  static final int CHANGELOG_RECORDS = 1_000_000;

  /** Makes the restore last several seconds: readings every 500 ms see it fall step by step. */
  static final Duration RESTORE_BATCH_DELAY = Duration.ofMillis(10);

  /** Readings the restore must span: "several collection intervals" at a 500 ms interval. */
  static final int READINGS = 5;

  static final String TASKS = "kafka.streams:type=stream-task-metrics,*";

  /** One reading of the records still to restore, summed over tasks. */
  record Reading(Instant at, double remaining) {}

  @Test
  void aWipedStateDirRestoresFromTheChangelogOverManyReadings(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("restore", dir);
    ChangelogSeeder.seed(TestBed.bootstrapServers(), options.applicationId(), CHANGELOG_RECORDS);
    SampleApp first = SampleApp.start(options).awaitRunning();
    try (SampleApp app = first.restartWithWipedState(RESTORE_BATCH_DELAY);
        Jmx jmx =
            await()
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> Jmx.connect(app.jmxUrl()), connected -> true)) {
      List<Reading> readings = new ArrayList<>();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                double remaining = jmx.sum(TASKS, "restore-remaining-records-total");
                if (remaining > 0) {
                  readings.add(new Reading(Instant.now(), remaining));
                }
                return app.state().equals("RUNNING");
              });
      // Tasks register their restores one by one, so the sum first climbs to its peak.
      int peak = 0;
      for (int i = 1; i < readings.size(); i++) {
        if (readings.get(i).remaining() > readings.get(peak).remaining()) {
          peak = i;
        }
      }
      List<Reading> falling = readings.subList(peak, readings.size());
      assertTrue(falling.size() >= READINGS, "too few readings while restoring: " + readings);
      for (int i = 1; i < falling.size(); i++) {
        assertTrue(
            falling.get(i).remaining() <= falling.get(i - 1).remaining(),
            "remaining records must only fall after the peak: " + readings);
      }
      assertTrue(
          falling.get(falling.size() - 1).remaining() < falling.get(0).remaining(),
          "remaining records must fall: " + readings);
      System.out.printf(
          "restore: %d readings from %.0f to %.0f remaining over %s%n",
          falling.size(),
          falling.get(0).remaining(),
          falling.get(falling.size() - 1).remaining(),
          Duration.between(falling.get(0).at(), falling.get(falling.size() - 1).at()));
    }
  }
}
