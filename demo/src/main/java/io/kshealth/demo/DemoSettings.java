package io.kshealth.demo;

import io.kshealth.demo.app.Fault;
import io.kshealth.demo.app.SampleStreamsApp.GroupProtocol;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one demo run does.
 *
 * @param fault the fault to inject after {@code faultAfterSeconds}, or null for none
 * @param healAfterSeconds how long after the first alert fires the fault is removed
 * @param kshealthHome the agent distribution, or null for the one the build made
 */
record DemoSettings(
    String applicationId,
    GroupProtocol groupProtocol,
    boolean eos,
    Fault fault,
    int faultAfterSeconds,
    int healAfterSeconds,
    double rate,
    int port,
    int restoreRecords,
    Path kshealthHome) {

  /** Makes the restore scenario's million records take about 20 s to restore, not 1. */
  static final Duration RESTORE_BATCH_DELAY = Duration.ofMillis(40);

  /** The slow-record scenario needs a poll interval the slow record can exceed in seconds. */
  Duration maxPollInterval() {
    return fault == Fault.SLOW_RECORD ? Duration.ofSeconds(10) : Duration.ofMinutes(5);
  }
}
