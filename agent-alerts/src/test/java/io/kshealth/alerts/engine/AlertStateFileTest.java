package io.kshealth.alerts.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kshealth.core.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertStateFileTest {

  /** alerts.json exactly as release 0.x wrote it: the JSON alone, no header. */
  static final String RELEASE_0_FILE =
      "{\"version\":1,\"alerts\":[{\"group\":\"agent\",\"rule\":\"KshealthCollectorDown\","
          + "\"ordinal\":0,\"labels\":{\"collector\":\"lag\"},\"state\":\"FIRING\",\"value\":0.0,"
          + "\"annotations\":{\"summary\":\"lag keeps failing\"},\"active_at\":1000,"
          + "\"fired_at\":121000,\"resolved_at\":0,\"keep_firing_since\":0}]}";

  static final SavedAlert SAVED =
      new SavedAlert(
          "agent",
          "KshealthCollectorDown",
          0,
          Map.of("collector", "lag"),
          AlertState.FIRING,
          0.0,
          Map.of("summary", "lag keeps failing"),
          1000,
          121000,
          0,
          0);

  @TempDir Path dir;

  @Test
  void readsTheFileOfTheReleaseBeforeHeadersAndRewritesItWithOne() throws IOException {
    Files.writeString(dir.resolve("alerts.json"), RELEASE_0_FILE);
    AlertStateFile file = new AlertStateFile(dir);
    assertEquals(List.of(SAVED), file.load());

    file.save(file.load());
    assertEquals(
        Optional.of(AlertStateFile.HEADER), AtomicFile.read(dir.resolve("alerts.json")).header());
    assertEquals(List.of(SAVED), file.load());
  }

  @Test
  void aSavedStateMissingAFieldStartsAfresh() throws IOException {
    AlertStateFile file = new AlertStateFile(dir);
    Files.writeString(
        file.path(), RELEASE_0_FILE.replace("\"rule\":\"KshealthCollectorDown\",", ""));
    assertEquals(List.of(), file.load());
    Files.writeString(file.path(), "{\"version\":1}");
    assertEquals(List.of(), file.load());
  }

  @Test
  void aStaleTemporaryFileIsDeletedAndTheSavedStateKept() throws IOException {
    AlertStateFile file = new AlertStateFile(dir);
    file.save(List.of(SAVED));
    Files.writeString(dir.resolve("alerts.json.tmp"), "{\"version\":1,\"al");
    assertEquals(List.of(SAVED), file.load());
    assertFalse(Files.exists(dir.resolve("alerts.json.tmp")));
  }
}
