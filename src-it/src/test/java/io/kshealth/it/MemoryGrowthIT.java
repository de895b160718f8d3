package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.Jmx;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory-growth switch: RocksDB's off-heap memory, as its own metrics report it, grows. */
class MemoryGrowthIT {

  static final String STORES = "kafka.streams:type=stream-state-metrics,*";

  static final double MIB = 1024 * 1024;

  @Test
  void highCardinalityAndLargeValuesGrowMemtablesAndBlockCache(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("memory-growth", dir);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp app = SampleApp.start(options);
        Jmx jmx = Jmx.connect(app.awaitRunning().jmxUrl())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !jmx.names(STORES).isEmpty());
      double memtables = jmx.sum(STORES, "cur-size-all-mem-tables");
      double cache = jmx.sum(STORES, "block-cache-usage");

      input.setMode(InputGenerator.Mode.MEMORY_GROWTH);
      input.setRate(1000);

      // 16 MiB is one full write buffer: the memtables must hold more than a steady app's.
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> jmx.sum(STORES, "cur-size-all-mem-tables") > memtables + 16 * MIB);
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> jmx.sum(STORES, "block-cache-usage") > cache + MIB);
      System.out.printf(
          "memory-growth: memtables %.1f -> %.1f MiB, block cache %.1f -> %.1f MiB after %d records%n",
          memtables / MIB,
          jmx.sum(STORES, "cur-size-all-mem-tables") / MIB,
          cache / MIB,
          jmx.sum(STORES, "block-cache-usage") / MIB,
          input.sent());
      assertTrue(app.isAlive());
    }
  }
}
