package io.kshealth.collectors.support.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.collectors.support.rocksdb.MemtableLimits.StoreKey;
import io.kshealth.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write buffers per store from the sample app's real state dir, for the RocksDB budget. */
class MemtableLimitsTest {

  /** The state dir StateDirCollectorTest reads too. */
  private static final Path STATE = Path.of("src/test/resources/StateDirCollectorTest/state");

  /** Kafka Streams 4.3 defaults: two families of 16 MiB × 3, one of 1 MiB × 2. */
  static final long PER_INSTANCE = 2 * 16L * 1024 * 1024 * 3 + 1024 * 1024 * 2;

  private final MutableClock clock = new MutableClock();

  @Test
  void everyFamilyAndSegmentOfEveryStoreCounts() throws Exception {
    Map<StoreKey, Long> limits = new MemtableLimits(STATE, clock).read("sample-app", List.of());
    assertEquals(18, limits.size(), limits.toString());
    assertEquals(PER_INSTANCE, limits.get(new StoreKey("0_4", "profiles")));
    long segments;
    try (var dirs = Files.list(STATE.resolve("sample-app/0_4/event-bytes-per-minute"))) {
      segments = dirs.count();
    }
    assertEquals(
        PER_INSTANCE * segments, limits.get(new StoreKey("0_4", "event-bytes-per-minute")));
  }

  @Test
  void oneScanServesAMinuteUnlessAStoreIsMissing(@TempDir Path dir) throws Exception {
    Path app = dir.resolve("app");
    copy(STATE.resolve("sample-app/0_4"), app.resolve("0_4"));
    MemtableLimits limits = new MemtableLimits(dir, clock);
    StoreKey profiles4 = new StoreKey("0_4", "profiles");
    StoreKey profiles2 = new StoreKey("0_2", "profiles");
    assertEquals(3, limits.read("app", List.of(profiles4)).size());

    copy(STATE.resolve("sample-app/0_2"), app.resolve("0_2"));
    assertEquals(3, limits.read("app", List.of(profiles4)).size(), "served from the last scan");
    assertEquals(6, limits.read("app", List.of(profiles4, profiles2)).size(), "a new task");

    copy(STATE.resolve("sample-app/0_1"), app.resolve("0_1"));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(9, limits.read("app", List.of(profiles4)).size(), "scanned again after a minute");
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
