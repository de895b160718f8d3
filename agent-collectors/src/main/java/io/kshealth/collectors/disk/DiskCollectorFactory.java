package io.kshealth.collectors.disk;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.collectors.support.disk.BlockDevices;
import io.kshealth.collectors.support.disk.DirectoryOption;
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
    Path path =
        DirectoryOption.required(
            options, "path", "the directory to watch, such as the app's state.dir");
    return new DiskSettings(path, BlockDevices.PROC, BlockDevices.SYS);
  }
}
