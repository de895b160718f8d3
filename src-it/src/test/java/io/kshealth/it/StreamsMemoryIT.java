package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.ChangelogSeeder;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.CollectorRuns.Run;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code streams} collector on the sample app's memory-growth and restore faults. */
class StreamsMemoryIT {

  static final double MIB = 1024 * 1024;
  static final long LIMIT = 8L << 30;
  static final Map<String, String> TARGET = Map.of("target", "streams");

  /**
   * RocksDB's memtables grow: RocksDB's own total, the off-heap estimate and the headroom under the
   * app's cgroup limit all move by about as much.
   */
  @Test
  void memoryGrowthShowsInRocksDbOffHeapAndHeadroomTogether(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("streams-memory", dir);
    try (TestCgroup cgroup = TestCgroup.create(options.applicationId(), LIMIT)) {
      try (InputGenerator input =
              InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
          SampleApp app = SampleApp.start(options);
          StreamsAgent agent =
              StreamsAgent.start(
                  dir,
                  StreamsAgent.jmx(app.jmxUrl(), StreamsCollectorIT.TIMEOUT),
                  "state-dir: " + StreamsAgent.quoted(options.stateDir().toString()))) {
        cgroup.add(app.pid());
        app.awaitRunning();
        Run before =
            agent.runs.until(
                r ->
                    r.value("kshealth_rocksdb_memory_budget_bytes", Map.of()).isPresent()
                        && r.value("kshealth_target_memory_limit_bytes", with("source", "cgroup"))
                            .isPresent(),
                StreamsAgent.RUNS_TIMEOUT);
        assertEquals(
            LIMIT, before.get("kshealth_target_memory_limit_bytes", with("source", "cgroup")));

        input.setMode(InputGenerator.Mode.MEMORY_GROWTH);
        input.setRate(1000);
        double rocksdbBefore = rocksdb(before);
        Run after =
            agent.runs.until(r -> rocksdb(r) > rocksdbBefore + 48 * MIB, Duration.ofMinutes(3));

        double grew = rocksdb(after) - rocksdbBefore;
        double offHeap =
            after.get("kshealth_target_offheap_estimate_bytes", TARGET)
                - before.get("kshealth_target_offheap_estimate_bytes", TARGET);
        double headroom =
            before.get("kshealth_target_memory_headroom_bytes", TARGET)
                - after.get("kshealth_target_memory_headroom_bytes", TARGET);
        System.out.printf(
            "memory growth: RocksDB +%.1f MiB, off-heap estimate +%.1f MiB, headroom -%.1f MiB%n",
            grew / MIB, offHeap / MIB, headroom / MIB);
        assertTrue(offHeap > grew / 2, "the off-heap estimate must grow with RocksDB");
        assertTrue(headroom > grew / 2, "the headroom must shrink with RocksDB's growth");
        double budget = after.sum("kshealth_rocksdb_memory_budget_bytes", Map.of());
        assertTrue(budget > rocksdb(after), "the worst case is above what RocksDB holds now");
        assertEquals(
            budget / LIMIT, after.sum("kshealth_rocksdb_memory_budget_ratio", Map.of()), 1e-9);
        assertTrue(input.sent() > 0);
      }
    }
  }

  /**
   * A restore from the changelog: remaining records and the ETA are reported over several runs and
   * fall to zero.
   */
  @Test
  void restoreRemainingAndEtaFallToZero(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("streams-restore", dir);
    ChangelogSeeder.seed(TestBed.bootstrapServers(), options.applicationId(), 1_000_000);
    SampleApp first = SampleApp.start(options).awaitRunning();
    try (StreamsAgent agent =
            StreamsAgent.start(
                dir, StreamsAgent.jmx(first.jmxUrl(), StreamsCollectorIT.TIMEOUT), "");
        SampleApp app = first.restartWithWipedState(Duration.ofMillis(20))) {
      List<Run> restoring = new ArrayList<>();
      Run done =
          agent.runs.until(
              r -> {
                double remaining =
                    r.value("kshealth_streams_restore_remaining_records", Map.of()).orElse(-1.0);
                if (remaining > 0) {
                  restoring.add(r);
                }
                return remaining == 0 && !restoring.isEmpty();
              },
              Duration.ofMinutes(3));
      assertEquals(0.0, done.sum("kshealth_streams_restore_eta_seconds", Map.of()));
      assertTrue(restoring.size() >= 3, "restoring over several runs: " + restoring.size());
      long withEta =
          restoring.stream()
              .filter(
                  r -> r.value("kshealth_streams_restore_eta_seconds", Map.of()).orElse(0.0) > 0)
              .count();
      assertTrue(withEta >= 2, "an ETA in several runs: " + withEta);
      Run last = restoring.get(restoring.size() - 1);
      assertTrue(
          last.sum("kshealth_streams_restore_remaining_records", Map.of())
              < restoring.stream().mapToDouble(StreamsMemoryIT::remaining).max().orElseThrow(),
          "remaining records fall");
      app.awaitRunning();
    }
  }

  private static double remaining(Run r) {
    return r.sum("kshealth_streams_restore_remaining_records", Map.of());
  }

  private static double rocksdb(Run r) {
    return r.value("kshealth_rocksdb_client_memory_bytes", Map.of()).orElse(0.0);
  }

  private static Map<String, String> with(String name, String value) {
    return StreamsCollectorIT.with(TARGET, Map.of(name, value));
  }
}
