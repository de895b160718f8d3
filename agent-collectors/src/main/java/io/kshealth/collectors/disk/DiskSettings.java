package io.kshealth.collectors.disk;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorSettings;
import io.kshealth.collectors.support.disk.BlockDevices;
import java.nio.file.Path;

/** The directory to watch (in practice the Kafka Streams {@code state.dir}) and where to read. */
record DiskSettings(Path path, Path procRoot, Path sysRoot) implements CollectorSettings {

  @Override
  public Collector create(CollectorContext context) {
    return new DiskCollector(
        path,
        new BlockDevices(procRoot, sysRoot),
        procRoot.resolve("diskstats"),
        LiveFilesystem.system());
  }

  @Override
  public String toString() {
    return "filesystem and disk under " + path;
  }
}
