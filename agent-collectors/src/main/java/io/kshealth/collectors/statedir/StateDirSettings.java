package io.kshealth.collectors.statedir;

import io.kshealth.core.collect.Collector;
import io.kshealth.core.collect.CollectorContext;
import io.kshealth.core.collect.CollectorSettings;
import io.kshealth.core.config.Units;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Kafka Streams {@code state.dir} to read, the one application to read in it (null: every
 * application there) and the window over which growth is measured.
 */
record StateDirSettings(Path path, String applicationId, Duration growthWindow)
    implements CollectorSettings {

  static final Duration DEFAULT_GROWTH_WINDOW = Duration.ofMinutes(30);

  @Override
  public Collector create(CollectorContext context) {
    return new StateDirCollector(this, context.clock());
  }

  @Override
  public String toString() {
    return (applicationId == null ? "every application" : "application " + applicationId)
        + " under "
        + path
        + ", growth over "
        + Units.formatDuration(growthWindow);
  }
}
