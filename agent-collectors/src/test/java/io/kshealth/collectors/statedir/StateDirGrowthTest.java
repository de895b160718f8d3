package io.kshealth.collectors.statedir;

import static io.kshealth.collectors.statedir.StateDirCollectorTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Growth rates from the collector's own readings, on a store that grows between runs. */
class StateDirGrowthTest {

  static final Labels STORE = Labels.of("application_id", "app", "task", "0_0", "store", "counts");
  static final Labels APP = Labels.of("application_id", "app");
  static final String STORE_GROWTH = "kshealth_state_store_disk_growth_bytes_per_second";
  static final String APP_GROWTH = "kshealth_state_app_disk_growth_bytes_per_second";

  @TempDir Path state;
  Path sst;
  final MutableClock clock = new MutableClock();
  StateDirCollector collector;

  @BeforeEach
  void makeStore() throws Exception {
    Path store = Files.createDirectories(state.resolve("app/0_0/rocksdb/counts"));
    sst = store.resolve("000010.sst");
    grow(1000);
    collector =
        new StateDirCollector(
            new StateDirSettings(
                state, Set.of("app"), Optional.empty(), Duration.ofMinutes(10), Cgroups.PROC),
            "state-dir",
            clock);
  }

  @Test
  void slopeOfTheReadingsInTheWindowThenOnlyTheRecentOnes() throws Exception {
    assertTrue(growth(collect(), STORE_GROWTH).isEmpty(), "one reading has no slope");

    clock.advance(Duration.ofSeconds(60));
    grow(6000);
    List<Sample> second = collect();
    assertEquals(100.0, growth(second, STORE_GROWTH).getAsDouble(), 1e-9);
    assertEquals(100.0, growth(second, APP_GROWTH).getAsDouble(), 1e-9);

    clock.advance(Duration.ofSeconds(60));
    grow(12000);
    // Least squares over (0 s, 1000), (60 s, 7000), (120 s, 19000).
    assertEquals(150.0, growth(collect(), STORE_GROWTH).getAsDouble(), 1e-9);

    // At 700 s the window (10 min) starts at 100 s: the readings at 0 s and 60 s are dropped, and
    // nothing grew since 120 s.
    clock.advance(Duration.ofSeconds(580));
    assertEquals(0.0, growth(collect(), STORE_GROWTH).getAsDouble(), 1e-9);

    // Alone in its window, a reading has no slope again: absent, not zero.
    clock.advance(Duration.ofSeconds(700));
    List<Sample> alone = collect();
    assertTrue(growth(alone, STORE_GROWTH).isEmpty(), alone.toString());
    assertTrue(growth(alone, APP_GROWTH).isEmpty(), alone.toString());
  }

  @Test
  void aShrinkingStoreHasANegativeRate() throws Exception {
    collect();
    clock.advance(Duration.ofSeconds(10));
    Files.write(sst, new byte[500]);
    assertEquals(-50.0, growth(collect(), STORE_GROWTH).getAsDouble(), 1e-9);
  }

  @Test
  void twoRunsAtTheSameInstantHaveNoRate() throws Exception {
    collect();
    grow(1000);
    assertTrue(growth(collect(), STORE_GROWTH).isEmpty());
  }

  @Test
  void readingsStayBoundedAndStillGiveTheSlope() {
    GrowthRates rates = new GrowthRates(Duration.ofMinutes(30));
    OptionalDouble last = OptionalDouble.empty();
    for (int s = 0; s < 4 * 3600; s++) {
      last = rates.record(STORE, s * 1000L, 5.0 * s + 100);
      assertTrue(rates.points(STORE) <= GrowthRates.CAPACITY);
      rates.endRun();
    }
    assertEquals(5.0, last.getAsDouble(), 1e-6);
    assertTrue(rates.points(STORE) > 30, "the window is still covered: " + rates.points(STORE));
  }

  @Test
  void forgetsSeriesNotReadInARun() {
    GrowthRates rates = new GrowthRates(Duration.ofMinutes(30));
    rates.record(STORE, 0, 1);
    rates.record(APP, 0, 1);
    rates.endRun();
    rates.record(APP, 1000, 2);
    rates.endRun();
    assertEquals(1, rates.size());
    assertEquals(0, rates.points(STORE));
  }

  private void grow(int bytes) throws IOException {
    Files.write(sst, new byte[bytes], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<Sample> collect() throws Exception {
    Snapshot.Builder out = new Snapshot.Builder("state-dir", clock.millis());
    collector.collect(out);
    return out.build().samples();
  }

  private static OptionalDouble growth(List<Sample> samples, String metric) {
    boolean present =
        samples.stream()
            .anyMatch(
                s ->
                    s.metric().name().equals(metric)
                        && s.labels().equals(metric.equals(APP_GROWTH) ? APP : STORE));
    return present
        ? OptionalDouble.of(value(samples, metric, metric.equals(APP_GROWTH) ? APP : STORE))
        : OptionalDouble.empty();
  }
}
