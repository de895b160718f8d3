package io.kshealth.dist.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigProbeTest {

  @TempDir Path dir;

  @Test
  void keysTheLoaderReadsAreKnown() throws Exception {
    ConfigProbe probe = new ConfigProbe(dir);
    for (String key :
        new String[] {
          "http.read-timeout",
          "history.max-series",
          "alerting.outbox.memory",
          "alerting.notifiers.<name>",
          "collectors.<name>.type",
          "collectors.<name>.interval"
        }) {
      assertEquals(Optional.empty(), probe.unknown(key), key);
    }
  }

  @Test
  void aKeyNoReaderAsksForIsUnknownWithTheLoadersHint() throws Exception {
    ConfigProbe probe = new ConfigProbe(dir);
    assertEquals(
        Optional.of("unknown key 'read-timout'; did you mean 'read-timeout'?"),
        probe.unknown("http.read-timout"));
    assertTrue(probe.unknown("alerting.outbox.nonsense").isPresent());
    assertTrue(probe.unknown("collectors.<name>.nonsense").isPresent());
    assertTrue(probe.unknown("nonsense.key").isPresent());
  }
}
