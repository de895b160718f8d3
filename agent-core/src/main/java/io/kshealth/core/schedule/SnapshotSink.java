package io.kshealth.core.schedule;

import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.model.Snapshot;

/** Where the scheduler hands each run's outcome. */
public interface SnapshotSink {

  /**
   * A run ended: with its snapshot when it succeeded, with null when it failed or timed out (its
   * series then stop being exposed).
   */
  void accept(CollectorConfig collector, Snapshot snapshotOrNull);
}
