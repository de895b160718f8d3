package io.kshealth.collectors.statedir;

import io.kshealth.core.collect.CollectorFactory;
import io.kshealth.core.collect.CollectorSettings;
import io.kshealth.core.config.ConfigNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code type: state-dir}: bytes on disk, segments, growth and RocksDB options of every store under
 * a Kafka Streams {@code state.dir}, read without writing or locking anything. Options: {@code
 * path:} (the {@code state.dir}, required), {@code application-id:} (default: every application
 * there), {@code growth-window:} (default 30m).
 */
public final class StateDirCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "state-dir";
  }

  @Override
  public CollectorSettings parse(ConfigNode options) {
    Path path = path(options);
    String applicationId = options.string("application-id", null);
    if (applicationId != null
        && (!StateDirLayout.APPLICATION_ID.matcher(applicationId).matches()
            || applicationId.equals(".")
            || applicationId.equals(".."))) {
      options.error(
          "application-id",
          "invalid value '"
              + applicationId
              + "': an application.id has only letters, digits, '.', '_' and '-'");
      applicationId = null;
    }
    Duration growthWindow =
        options.duration("growth-window", StateDirSettings.DEFAULT_GROWTH_WINDOW);
    return new StateDirSettings(path, applicationId, growthWindow);
  }

  private static Path path(ConfigNode options) {
    String text = options.string("path", null);
    if (text == null) {
      options.error("path", "missing 'path': the Kafka Streams state.dir");
      return null;
    }
    try {
      Path path = Path.of(text);
      // A relative path would be relative to the agent's directory, not the app's.
      if (!path.isAbsolute()) {
        options.error("path", "invalid value '" + text + "': must be an absolute path");
        return null;
      }
      return path;
    } catch (InvalidPathException e) {
      options.error("path", "invalid value '" + text + "': " + e.getReason());
      return null;
    }
  }
}
