package io.kshealth.collectors.statedir;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.collectors.support.disk.DirectoryOption;
import io.kshealth.collectors.support.jmx.TargetSettings;
import io.kshealth.collectors.support.rocksdb.StateDirLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code type: state-dir}: bytes on disk, segments, growth and RocksDB options of the stores of one
 * Kafka Streams application under its {@code state.dir}, read without writing or locking anything.
 * Options: {@code path:} (the {@code state.dir}, required); whose stores: {@code application-ids:}
 * (a list) or {@code target:} (the Streams application's JVM, as for the {@code streams} collector:
 * the application ids of its clients, read over JMX every run); {@code growth-window:} (default
 * 30m).
 *
 * <p>Never every directory under the path: a state dir keeps the directories of every application
 * id that ever ran there (a redeploy under a new id leaves the old one behind), and their stores
 * would fill the history's series cap with dead applications.
 */
public final class StateDirCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "state-dir";
  }

  @Override
  public CollectorSettings parse(ConfigSection options) {
    Path path = DirectoryOption.required(options, "path", "the Kafka Streams state.dir");
    Set<String> applicationIds = new TreeSet<>();
    for (String id : options.strings("application-ids")) {
      if (StateDirLayout.isApplicationId(id)) {
        applicationIds.add(id);
      } else {
        options.error(
            "application-ids",
            "invalid value '"
                + id
                + "': an application.id has only letters, digits, '.', '_' and '-'");
      }
    }
    boolean idsGiven = options.hasValue("application-ids");
    Optional<TargetSettings> target =
        options.has("target") ? Optional.of(TargetSettings.parse(options)) : Optional.empty();
    if (idsGiven && target.isPresent()) {
      options.error("target", "give either 'application-ids' or 'target', not both");
    } else if (!idsGiven && target.isEmpty()) {
      options.error(
          "application-ids",
          "say whose stores to read: 'application-ids: [<application.id>]', or 'target:' (the"
              + " Streams application's JVM, as for the streams collector) to read its"
              + " application.id");
    }
    Duration growthWindow =
        options.duration("growth-window", StateDirSettings.DEFAULT_GROWTH_WINDOW);
    return new StateDirSettings(
        path, Collections.unmodifiableSet(applicationIds), target, growthWindow, Cgroups.PROC);
  }
}
