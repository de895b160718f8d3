package io.kshealth.collectors.support.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.collectors.support.rocksdb.StateDirLayout.App;
import io.kshealth.collectors.support.rocksdb.StateDirLayout.Store;
import io.kshealth.collectors.support.rocksdb.StateDirLayout.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corners of the layout that the sample app's state dir does not show, on made-up trees. */
class StateDirLayoutTest {

  @TempDir Path state;

  @Test
  void globalStoresAndFilesThatAreNotStores() throws IOException {
    file("app/kafka-streams-process-metadata", 52);
    file("app/.lock", 0);
    file("app/1_0/.checkpoint", 100);
    file("app/1_0/rocksdb/kv/000001.sst", 1000);
    file("app/1_0/rocksdb/stray", 7);
    file("app/1_0/sessions/sessions.0/000001.sst", 10);
    file("app/1_0/sessions/sessions.60000/000001.sst", 20);
    file("app/1_0/sessions/sessions.60000/OPTIONS-000005", 1);
    file("app/1_0/sessions/sessions.120000/LOCK", 0); // newest, no OPTIONS yet
    file("app/1_0/sessions/not-a-segment", 3);
    file("app/global/rocksdb/lookup/000001.sst", 500);
    file("app/global/.checkpoint", 40);
    file("app/not-a-task/rocksdb/x/000001.sst", 99);
    file("lost+found/x", 1);
    file(".hidden/0_0/rocksdb/x/000001.sst", 1);

    List<App> apps = StateDirLayout.scan(state, Set.of("app"));
    Path segment = state.resolve("app/1_0/sessions/sessions.60000/OPTIONS-000005");
    assertEquals(
        List.of(
            new App(
                "app",
                List.of(
                    new Task(
                        "1_0",
                        100 + 1000 + 7 + 10 + 20 + 1 + 3,
                        List.of(
                            new Store("kv", 1000, OptionalInt.empty(), Optional.empty()),
                            new Store("sessions", 34, OptionalInt.of(3), Optional.of(segment)))),
                    new Task(
                        "global",
                        540,
                        List.of(
                            new Store("lookup", 500, OptionalInt.empty(), Optional.empty())))))),
        apps);
    assertEquals(1141 + 540, apps.get(0).bytes(), "the tasks only");
  }

  @Test
  void anApplicationWithoutTasksUsesNoBytes() throws IOException {
    file("app/.lock", 0);
    assertEquals(List.of(new App("app", List.of())), StateDirLayout.scan(state, Set.of("app")));
  }

  @Test
  void diskUsageOfAVanishedDirectoryIsMissingNotZero() throws IOException {
    assertTrue(DiskUsage.of(state.resolve("gone")).isEmpty());
    file("a", 7);
    Files.createSymbolicLink(state.resolve("link"), state.resolve("a"));
    assertEquals(7, DiskUsage.of(state).getAsLong(), "links are not followed");
  }

  private void file(String path, int bytes) throws IOException {
    Path p = state.resolve(path);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[bytes]);
  }
}
