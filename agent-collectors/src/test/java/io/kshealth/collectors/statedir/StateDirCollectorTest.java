package io.kshealth.collectors.statedir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real state dir that the sample app left (Kafka Streams 4.3.1, RocksDB 10.1.3): 6 tasks,
 * key-value stores {@code profiles} and {@code event-counts}, window store {@code
 * event-bytes-per-minute}.
 */
class StateDirCollectorTest {

  static final Path STATE = Path.of("src/test/resources/StateDirCollectorTest/state");
  static final String APP = "sample-app";
  static final List<String> TASKS = List.of("0_0", "0_1", "0_2", "0_3", "0_4", "0_5");
  static final String WINDOW_STORE = "event-bytes-per-minute";

  @Test
  void reportsEveryStoreOfTheRealStateDir() throws IOException, InterruptedException {
    List<Sample> samples = collect(collector(STATE, APP));
    Path app = STATE.resolve(APP);

    long appTotal = 0;
    for (String task : TASKS) {
      Path taskDir = app.resolve(task);
      Map<String, Path> stores =
          Map.of(
              "profiles",
              taskDir.resolve("rocksdb/profiles"),
              "event-counts",
              taskDir.resolve("rocksdb/event-counts"),
              WINDOW_STORE,
              taskDir.resolve(WINDOW_STORE));
      for (Map.Entry<String, Path> store : stores.entrySet()) {
        Labels labels = Labels.of("application_id", APP, "task", task, "store", store.getKey());
        assertEquals(
            fileBytes(store.getValue()),
            value(samples, "kshealth_state_store_disk_bytes", labels),
            labels.toString());
        assertEquals(
            16777216.0, value(samples, "kshealth_state_store_write_buffer_size_bytes", labels));
        assertEquals(3.0, value(samples, "kshealth_state_store_max_write_buffers", labels));
        assertEquals(4096.0, value(samples, "kshealth_state_store_block_size_bytes", labels));
        // Three column families (one segment each here): 2 x 16 MiB x 3 + 1 MiB x 2.
        assertEquals(
            2.0 * 16777216 * 3 + 1048576 * 2,
            value(samples, "kshealth_state_store_memtable_limit_bytes", labels));
        Labels info =
            Labels.of(
                "application_id",
                APP,
                "task",
                task,
                "store",
                store.getKey(),
                "compaction_style",
                "kCompactionStyleUniversal");
        assertEquals(1.0, value(samples, "kshealth_state_store_options_info", info));
      }
      Labels window = Labels.of("application_id", APP, "task", task, "store", WINDOW_STORE);
      assertEquals(1.0, value(samples, "kshealth_state_store_segments", window));
      double taskBytes =
          value(
              samples,
              "kshealth_state_task_disk_bytes",
              Labels.of("application_id", APP, "task", task));
      assertEquals(fileBytes(taskDir), taskBytes);
      appTotal += (long) taskBytes;
    }
    assertEquals(
        appTotal,
        value(samples, "kshealth_state_app_disk_bytes", Labels.of("application_id", APP)));

    // The same numbers from du -b (files only) when the fixture was made.
    Labels profiles00 = Labels.of("application_id", APP, "task", "0_0", "store", "profiles");
    assertEquals(32765.0, value(samples, "kshealth_state_store_disk_bytes", profiles00));
    assertEquals(598385.0, (double) appTotal);

    assertEquals(
        Map.of(
            "kshealth_state_app_disk_bytes", 1L,
            "kshealth_state_task_disk_bytes", 6L,
            "kshealth_state_store_disk_bytes", 18L,
            "kshealth_state_store_segments", 6L,
            "kshealth_state_store_write_buffer_size_bytes", 18L,
            "kshealth_state_store_max_write_buffers", 18L,
            "kshealth_state_store_block_size_bytes", 18L,
            "kshealth_state_store_memtable_limit_bytes", 18L,
            "kshealth_state_store_options_info", 18L),
        countByName(samples),
        "key-value stores have no segments; no growth before a second run");
  }

  @Test
  void readsTheNewestOptionsFileOfTheNewestSegment(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path state = copyOf(STATE, tmp);
    Path store = state.resolve(APP).resolve("0_0").resolve(WINDOW_STORE);
    Path newest = store.resolve(WINDOW_STORE + ".1795329540000");
    Files.createDirectories(newest);
    Path options = store.resolve(WINDOW_STORE + ".1795329480000/OPTIONS-000009");
    String text =
        Files.readString(options).replace("write_buffer_size=16777216", "write_buffer_size=1024");
    Files.writeString(newest.resolve("OPTIONS-000012"), text);
    // Older by number though newer on disk: the number decides, as in RocksDB.
    Files.writeString(newest.resolve("OPTIONS-000011"), text.replace("=1024", "=2048"));

    List<Sample> samples = collect(collector(state, APP));
    Labels labels = Labels.of("application_id", APP, "task", "0_0", "store", WINDOW_STORE);
    assertEquals(2.0, value(samples, "kshealth_state_store_segments", labels));
    assertEquals(1024.0, value(samples, "kshealth_state_store_write_buffer_size_bytes", labels));
  }

  @Test
  void changesNothingInTheStateDir(@TempDir Path tmp) throws IOException, InterruptedException {
    Path state = copyOf(STATE, tmp);
    Map<String, String> before = fingerprint(state);
    StateDirCollector collector = collector(state, APP);
    collect(collector);
    collect(collector);
    assertEquals(before, fingerprint(state));
  }

  @Test
  void readsOnlyTheConfiguredApplication(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path state = copyOf(STATE, tmp);
    copyOf(state.resolve(APP), Files.createDirectories(state.resolve("other-app")));
    Files.createDirectories(state.resolve("lost+found"));

    assertEquals(
        Map.of(APP, 18L, "other-app", 18L),
        storesByApp(collect(collector(state, APP, "other-app"))));
    assertEquals(Map.of(APP, 18L), storesByApp(collect(collector(state, APP))));
    assertEquals(List.of(), collect(collector(state, "not-started-yet")), "missing, not zero");
  }

  @Test
  void aStateDirNotCreatedYetIsNoDataNotAnError(@TempDir Path tmp)
      throws IOException, InterruptedException {
    StateDirCollector collector = collector(tmp.resolve("nope"), APP);
    assertEquals(List.of(), collect(collector));
    assertEquals(tmp.resolve("nope") + ": not created yet", collector.target().orElseThrow());
  }

  @Test
  void aMalformedOptionsFileFailsTheRunNamingFileAndLine(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path state = copyOf(STATE, tmp);
    Path options = state.resolve(APP).resolve("0_3/rocksdb/event-counts/OPTIONS-000009");
    List<String> lines = Files.readAllLines(options);
    lines.set(129 - 1, "  write_buffer_size 16777216");
    Files.write(options, lines);

    IOException e = assertThrows(IOException.class, () -> collect(collector(state, APP)));
    assertEquals(
        options + ":129: expected key=value or a [section]: '  write_buffer_size 16777216'",
        e.getMessage());
  }

  @Test
  void aStoreWithoutOptionsFileHasNoOptionsMetrics(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path state = copyOf(STATE, tmp);
    Path store = state.resolve(APP).resolve("0_1/rocksdb/profiles");
    Files.delete(store.resolve("OPTIONS-000007"));
    Files.delete(store.resolve("OPTIONS-000009"));

    StateDirCollector collector = collector(state, APP);
    List<Sample> samples = collect(collector);
    Labels labels = Labels.of("application_id", APP, "task", "0_1", "store", "profiles");
    assertEquals(fileBytes(store), value(samples, "kshealth_state_store_disk_bytes", labels));
    assertFalse(
        samples.stream()
            .anyMatch(s -> s.labels().equals(labels) && s.metric().name().contains("buffer")));
    assertEquals("sample-app: 6 tasks, 18 stores", collector.target().orElse("none"));
  }

  static StateDirCollector collector(Path state, String... applicationIds) {
    return new StateDirCollector(
        new StateDirSettings(
            state, Set.of(applicationIds), Optional.empty(), Duration.ofMinutes(30), Cgroups.PROC),
        "state-dir",
        new MutableClock());
  }

  static List<Sample> collect(StateDirCollector collector)
      throws IOException, InterruptedException {
    Snapshot.Builder out = new Snapshot.Builder("state-dir", 0);
    collector.collect(out);
    return out.build().samples();
  }

  /** The value of the one sample of a series; fails when there is none or more than one. */
  static double value(List<Sample> samples, String metric, Labels labels) {
    List<Sample> found =
        samples.stream()
            .filter(s -> s.metric().name().equals(metric) && s.labels().equals(labels))
            .toList();
    assertEquals(1, found.size(), metric + labels + " in " + samples);
    return found.get(0).value();
  }

  static Map<String, Long> countByName(List<Sample> samples) {
    return samples.stream()
        .collect(
            Collectors.groupingBy(s -> s.metric().name(), TreeMap::new, Collectors.counting()));
  }

  static Map<String, Long> storesByApp(List<Sample> samples) {
    return samples.stream()
        .filter(s -> s.metric().name().equals("kshealth_state_store_disk_bytes"))
        .collect(
            Collectors.groupingBy(s -> s.labels().get("application_id"), Collectors.counting()));
  }

  /** Sum of the sizes of the regular files under {@code dir}, the way the test sees it. */
  static double fileBytes(Path dir) throws IOException, InterruptedException {
    try (Stream<Path> files = Files.walk(dir)) {
      long sum = 0;
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        sum += Files.size(f);
      }
      return sum;
    }
  }

  /** Copies a tree into {@code target}, keeping modification times. */
  static Path copyOf(Path source, Path target) throws IOException, InterruptedException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path p : paths.toList()) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return target;
  }

  /** Path to size and modification time of every file and directory under {@code dir}. */
  private static Map<String, String> fingerprint(Path dir)
      throws IOException, InterruptedException {
    Map<String, String> prints = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        prints.put(
            dir.relativize(p) + (Files.isDirectory(p) ? "/" : ""),
            (Files.isDirectory(p) ? "" : Files.size(p) + " ") + Files.getLastModifiedTime(p));
      }
    }
    return prints;
  }
}
