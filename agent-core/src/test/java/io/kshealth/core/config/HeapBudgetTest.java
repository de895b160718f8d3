package io.kshealth.core.config;

import static io.kshealth.core.config.HeapFixtures.LAUNCHER_HEAP;
import static io.kshealth.core.config.HeapFixtures.MIB;
import static io.kshealth.core.config.HeapFixtures.errors;
import static io.kshealth.core.config.HeapFixtures.loader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.HeapBound;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapBudgetTest {

  private static final Path FIXTURES = Path.of("src/test/resources/HeapBudgetTest");

  @Test
  void boundsThatTogetherExceedTheHeapAreEachRefusedAtTheirKeyWithTheHeapThatHoldsThemAll() {
    // 2,000 series of 181 points (2,568 bytes each) and 40 things of 1 MiB, with the 20 MiB
    // reserve: 68,050,560 bytes, 64.9 MiB; a heap of 66 MiB holds them.
    List<String> errors = errors(FIXTURES.resolve("bounded.yaml"), LAUNCHER_HEAP);

    assertEquals(2, errors.size(), errors::toString);
    String together =
        "the agent's bounded data (history.max-series 4.9 MiB, collectors.big.max-things 40.0"
            + " MiB) and the 20.0 MiB the rest of it needs come to 64.9 MiB, more than the heap"
            + " of 63.0 MiB (-Xmx)";
    assertEquals(
        FIXTURES.resolve("bounded.yaml")
            + ":3:15: history.max-series: 2000 series of 30m at 10s take up to 4.9 MiB of heap"
            + " (2568 bytes each); "
            + together
            + ": at most 1224 series of 30m at 10s fit beside the others; lower this bound or"
            + " another, or give the agent a heap of at least 66 MiB (JAVA_OPTS=-Xmx66m)",
        errors.get(0));
    assertEquals(
        FIXTURES.resolve("bounded.yaml")
            + ":8:17: collectors.big.max-things: 40 things take up to 40.0 MiB of heap (1048576"
            + " bytes each); "
            + together
            + ": at most 38 things fit beside the others; lower this bound or another, or give"
            + " the agent a heap of at least 66 MiB (JAVA_OPTS=-Xmx66m)",
        errors.get(1));
    // The heap it asks for is enough.
    assertTrue(assertLoads("bounded.yaml", 66 * MIB - MIB).heap().fits());
  }

  @Test
  void theDefaultMaxSeriesIsLoweredToWhatFitsBesideTheOtherBounds() {
    // (63 - 20 - 30) MiB of 2,568-byte series: 5,308.
    AgentConfig c = assertLoads("default-history.yaml", LAUNCHER_HEAP);

    assertEquals(5_308, c.history().maxSeries());
    assertEquals(
        List.of("history.max-series", "collectors.big.max-things"),
        c.heap().lines().stream().map(HeapBudget.Line::path).toList());
    assertTrue(c.heap().totalBytes() <= LAUNCHER_HEAP, c.heap()::toString);
  }

  @Test
  void aHostileBoundIsRefusedAtStartWithTheHeapItWouldTake() {
    List<String> errors = errors(FIXTURES.resolve("hostile.yaml"), LAUNCHER_HEAP);

    // The default history is lowered to nothing and refused too: both name their keys.
    assertEquals(2, errors.size(), errors::toString);
    assertTrue(
        errors
            .get(1)
            .startsWith(
                FIXTURES.resolve("hostile.yaml")
                    + ":5:17: collectors.huge.max-things: 1000000 things take up to 976.6 GiB of heap"),
        errors::toString);
    assertTrue(errors.get(1).endsWith("(JAVA_OPTS=-Xmx1000036m)"), errors::toString);
  }

  @Test
  void anErrorAtANestedBoundIsAtItsValue() throws ConfigException {
    ConfigDocument doc =
        ConfigDocument.read(FIXTURES.resolve("nested.yaml"), Map.<String, String>of()::get);

    doc.root().map("alerting").error("outbox.memory", "too much");
    doc.root().map("alerting").error("outbox.max-entries", "absent");

    ConfigException e = assertThrows(ConfigException.class, doc::throwIfErrors);
    assertEquals(
        List.of(
            FIXTURES.resolve("nested.yaml") + ":3:5: alerting.outbox.max-entries: absent",
            FIXTURES.resolve("nested.yaml") + ":3:13: alerting.outbox.memory: too much"),
        e.errors().stream().map(ConfigError::format).toList());
  }

  @Test
  void aBoundTakesItsUnitsTimesTheirBytes() {
    HeapBudget b =
        new HeapBudget(
            List.of(new HeapBudget.Line("x.max", new HeapBound("max", "things", 3, 1_000))),
            Long.MAX_VALUE);

    assertEquals(HeapBudget.RESERVE_BYTES + 3_000, b.totalBytes());
    assertTrue(b.fits());
    assertTrue(HeapBudget.UNCHECKED.fits());
  }

  private static AgentConfig assertLoads(String fixture, long maxHeapBytes) {
    try {
      return loader(maxHeapBytes).load(FIXTURES.resolve(fixture));
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
