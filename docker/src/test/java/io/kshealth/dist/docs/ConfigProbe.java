package io.kshealth.dist.docs;

import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the agent's own config loader, wired as {@code Main} wires it, whether a dotted key such as
 * {@code alerting.outbox.memory} exists: a file holding only that key (empty, so its default
 * applies) must load without an "unknown key" error at that path. Other errors (a missing {@code
 * rules:}, say) do not matter here. A {@code <name>} segment becomes a name of our own.
 */
final class ConfigProbe {

  private final Path dir;
  private final ConfigLoader loader;

  ConfigProbe(Path dir) {
    this.dir = dir;
    this.loader =
        new ConfigLoader(
            BuiltIns.collectors(), BuiltIns.extensions(), Map.<String, String>of()::get);
  }

  /** The loader's "unknown key" error for the key, if it has one. */
  Optional<String> unknown(String dottedKey) throws IOException {
    String[] segments = dottedKey.split("\\.");
    if (segments.length < 2) {
      throw new IllegalArgumentException("not a dotted key: " + dottedKey);
    }
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i].startsWith("<") ? "probe" : segments[i];
      boolean last = i == segments.length - 1;
      yaml.append("  ".repeat(i)).append(segment).append(':');
      if (last) {
        yaml.append(segment.equals("type") ? " process" : " ~");
      } else if (i == 1
          && segments[0].equals("collectors")
          && segments.length > 2
          && !segments[2].equals("type")) {
        // A collector's keys depend on its type: give it one.
        yaml.append('\n').append("  ".repeat(i + 1)).append("type: process");
      }
      yaml.append('\n');
    }
    Path file = Files.writeString(Files.createTempFile(dir, "probe-", ".yaml"), yaml);
    try {
      loader.load(file);
      return Optional.empty();
    } catch (ConfigException e) {
      String path = dottedKey.replaceAll("<[a-z-]+>", "probe");
      return e.errors().stream()
          .filter(error -> error.message().startsWith("unknown key"))
          .filter(error -> path.equals(error.path()) || path.startsWith(error.path() + "."))
          .map(ConfigError::message)
          .findFirst();
    }
  }
}
