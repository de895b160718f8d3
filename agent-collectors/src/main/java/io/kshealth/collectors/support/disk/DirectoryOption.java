package io.kshealth.collectors.support.disk;

import io.kshealth.api.ConfigSection;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A collector's option naming a directory of the watched application on this host, such as its
 * {@code state.dir}: an absolute path, since a relative one would be relative to the agent's
 * directory, not the app's.
 */
public final class DirectoryOption {

  /** Stands in after an error was reported, so that parsing goes on to find the next one. */
  private static final Path STAND_IN = Path.of("/");

  private DirectoryOption() {}

  /**
   * The path under {@code key}, reporting through {@link ConfigSection#error} when it is missing
   * ({@code missing} says what to give) or not an absolute path.
   */
  public static Path required(ConfigSection options, String key, String missing) {
    Optional<String> text = options.optionalString(key);
    if (text.isEmpty()) {
      options.error(key, "missing '" + key + "': " + missing);
      return STAND_IN;
    }
    return parse(options, key, text.get()).orElse(STAND_IN);
  }

  /** The path under {@code key}; empty when absent, or when it was reported as invalid. */
  public static Optional<Path> optional(ConfigSection options, String key) {
    return options.optionalString(key).flatMap(text -> parse(options, key, text));
  }

  private static Optional<Path> parse(ConfigSection options, String key, String text) {
    try {
      Path path = Path.of(text);
      if (path.isAbsolute()) {
        return Optional.of(path);
      }
      options.error(key, "invalid value '" + text + "': must be an absolute path");
    } catch (InvalidPathException e) {
      options.error(key, "invalid value '" + text + "': " + e.getReason());
    }
    return Optional.empty();
  }
}
