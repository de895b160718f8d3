package io.kshealth.core.config;

import static io.kshealth.core.config.HeapFixtures.LAUNCHER_HEAP;
import static io.kshealth.core.config.HeapFixtures.MIB;
import static io.kshealth.core.config.HeapFixtures.errors;
import static io.kshealth.core.config.HeapFixtures.loader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.testing.TestCollectors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryHeapTest {

  private static final Path FIXTURES = Path.of("src/test/resources/HistoryHeapTest");

  @Test
  void theShippedHistoryFitsTheLaunchersHeapWithRoomToSpare() throws ConfigException {
    AgentConfig c = loader(LAUNCHER_HEAP).load(FIXTURES.resolve("reference.yaml"));

    long worst = HistoryHeap.worstCaseBytes(c.history(), Duration.ofSeconds(5));
    // 6,000 series of 361 points in 374 slots: 6,000 x (312 + 12 x 374) bytes.
    assertEquals(6_000L * 4_800, worst);
    assertTrue(worst + HeapBudget.RESERVE_BYTES < LAUNCHER_HEAP - 10 * MIB, worst + " bytes");
  }

  @Test
  void aHistoryTooLargeForTheHeapIsRefusedAtMaxSeriesWithWhatWouldFit() {
    List<String> errors = errors(FIXTURES.resolve("too-many-series.yaml"), LAUNCHER_HEAP);

    assertEquals(1, errors.size(), errors::toString);
    String error = errors.get(0);
    assertTrue(
        error.startsWith(
            FIXTURES.resolve("too-many-series.yaml")
                + ":3:15: history.max-series: 20000 series of 30m at 5s take up to 91.6 MiB of"
                + " heap (4800 bytes each); the agent's bounded data (history.max-series 91.6 MiB)"
                + " and the 20.0 MiB the rest of it needs come to 111.6 MiB, more than the heap of"
                + " 63.0 MiB (-Xmx): at most 9393 series of 30m at 5s fit beside the others;"),
        error);
    assertTrue(error.endsWith("a heap of at least 113 MiB (JAVA_OPTS=-Xmx113m)"), error);
  }

  @Test
  void theDefaultMaxSeriesIsLoweredToWhatFits() throws ConfigException {
    // No history section, 1 s collectors: 1,801 points in 1,859 slots, 22,620 bytes a series;
    // (32 - 20) MiB of them is 556.
    AgentConfig c = loader(32 * MIB).load(FIXTURES.resolve("default-max-series.yaml"));

    assertEquals(556, c.history().maxSeries());
    assertEquals(
        HistoryConfig.DEFAULT_MAX_SERIES,
        loader(LAUNCHER_HEAP * 4)
            .load(FIXTURES.resolve("default-max-series.yaml"))
            .history()
            .maxSeries(),
        "a heap that holds the default keeps it");
  }

  @Test
  void aHeapWithoutRoomForOneSeriesIsAnError() {
    List<String> errors =
        errors(FIXTURES.resolve("default-max-series.yaml"), HeapBudget.RESERVE_BYTES);

    assertEquals(1, errors.size(), errors::toString);
    // No history section: the error names the field, without a position in the file.
    assertTrue(
        errors.get(0).contains("history.max-series: 6000 series of 30m at 1s take up to")
            && errors.get(0).contains("at most 0 series of 30m at 1s fit"),
        errors::toString);
  }

  @Test
  void withoutAHeapLimitNothingIsChecked() throws ConfigException {
    AgentConfig c =
        new ConfigLoader(
                CollectorFactories.of(new TestCollectors.Factory()), Map.<String, String>of()::get)
            .load(FIXTURES.resolve("too-many-series.yaml"));

    assertEquals(20_000, c.history().maxSeries());
  }

  @Test
  void aWindowLongerThanAnIntOfMillisecondsIsRefused() {
    List<String> errors = errors(FIXTURES.resolve("long-window.yaml"), Long.MAX_VALUE);

    assertEquals(
        List.of(
            FIXTURES.resolve("long-window.yaml")
                + ":2:11: history.window: invalid value '30d': at most 24d"),
        errors);
  }

  @Test
  void slotsFollowThePointsWithRoomForJitterWithinTheBounds() {
    assertEquals(HistoryHeap.MIN_SLOTS, HistoryHeap.slots(1));
    assertEquals(188, HistoryHeap.slots(181));
    assertEquals(HistoryConfig.MAX_POINTS_PER_SERIES, HistoryHeap.slots(5_000));
    HistoryConfig h =
        new HistoryConfig(Duration.ofMinutes(30), 1, Duration.ZERO, Optional.empty(), 0);
    assertEquals(181, HistoryHeap.points(h, Duration.ofSeconds(10)));
    assertEquals(
        HistoryConfig.MAX_POINTS_PER_SERIES, HistoryHeap.points(h, Duration.ofMillis(100)));
  }
}
