package io.kshealth.collectors.statedir;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorSettings;
import io.kshealth.collectors.support.jmx.TargetSettings;
import io.kshealth.core.config.Units;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The Kafka Streams {@code state.dir} to read, whose applications to read in it (the ids given, or
 * else those of the Streams clients in the target JVM) and the window over which growth is
 * measured.
 *
 * @param proc where the target's process is looked up when attaching
 */
record StateDirSettings(
    Path path,
    Set<String> applicationIds,
    Optional<TargetSettings> target,
    Duration growthWindow,
    Path proc)
    implements CollectorSettings {

  static final Duration DEFAULT_GROWTH_WINDOW = Duration.ofMinutes(30);

  @Override
  public Collector create(CollectorContext context) {
    return new StateDirCollector(this, context.name(), context.clock());
  }

  @Override
  public String toString() {
    String whose =
        target
            .map(t -> "the application of " + t)
            .orElse(
                (applicationIds.size() == 1 ? "application " : "applications ")
                    + String.join(", ", applicationIds));
    return whose + " under " + path + ", growth over " + Units.formatDuration(growthWindow);
  }
}
