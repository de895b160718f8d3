package io.kshealth.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.testing.TestCollectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Config files loaded under a heap of a chosen size, as the agent checks its bounds against it. */
final class HeapFixtures {

  static final long MIB = 1 << 20;

  /**
   * A little below what {@code Runtime.maxMemory()} reports under the launcher's -Xmx64m
   * -XX:MaxNewSize=4m (63.6 MiB).
   */
  static final long LAUNCHER_HEAP = 63 * MIB;

  private HeapFixtures() {}

  static ConfigLoader loader(long maxHeapBytes) {
    return new ConfigLoader(
        CollectorFactories.of(new TestCollectors.Factory()),
        List.of(),
        Map.<String, String>of()::get,
        maxHeapBytes);
  }

  /** The errors loading {@code file} under that heap gives, as printed. */
  static List<String> errors(Path file, long maxHeapBytes) {
    ConfigException e = assertThrows(ConfigException.class, () -> loader(maxHeapBytes).load(file));
    return e.errors().stream().map(ConfigError::format).toList();
  }
}
