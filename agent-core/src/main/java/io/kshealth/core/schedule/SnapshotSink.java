package io.kshealth.core.schedule;

import io.kshealth.api.Snapshot;
import io.kshealth.core.config.CollectorConfig;
import java.util.Optional;

/** Where the scheduler hands each run's outcome. */
public interface SnapshotSink {

  /**
   * A run ended: with its snapshot when it succeeded, empty when it failed or timed out (its series
   * then stop being exposed).
   */
  void accept(CollectorConfig collector, Optional<Snapshot> snapshot);
}
