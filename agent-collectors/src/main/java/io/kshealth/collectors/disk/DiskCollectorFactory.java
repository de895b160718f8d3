package io.kshealth.collectors.disk;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code type: disk}: space and inodes of the filesystem under a directory, and I/O and identity of
 * the disk under that filesystem, from {@code /proc} and {@code /sys}. Option: {@code path:} (the
 * Kafka Streams {@code state.dir}), required.
 */
public final class DiskCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "disk";
  }

  @Override
  public CollectorSettings parse(ConfigSection options) {
    String text = options.string("path", null);
    Path path = null;
    if (text == null) {
      options.error("path", "missing 'path': the directory to watch, such as the app's state.dir");
    } else {
      try {
        path = Path.of(text);
      } catch (InvalidPathException e) {
        options.error("path", "invalid value '" + text + "': " + e.getReason());
      }
      // A relative path would be relative to the agent's directory, not the app's.
      if (path != null && !path.isAbsolute()) {
        options.error("path", "invalid value '" + text + "': must be an absolute path");
        path = null;
      }
    }
    return new DiskSettings(path, BlockDevices.PROC, BlockDevices.SYS);
  }
}
