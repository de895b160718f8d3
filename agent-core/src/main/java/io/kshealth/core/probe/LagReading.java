package io.kshealth.core.probe;

import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one lag collector run says that the probes need. A run with the brokers down repeats the
 * last values read, marked stale: it is read as knowing nothing.
 *
 * @param status the group's lag status (OK, WARN, REWIND, STALL, STOP); empty when not known
 */
record LagReading(
    Optional<String> status, OptionalDouble timeLagSeconds, OptionalDouble commitIntervalSeconds) {

  static final LagReading UNKNOWN =
      new LagReading(Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty());

  static LagReading of(Snapshot run) {
    Optional<String> status = Optional.empty();
    OptionalDouble timeLag = OptionalDouble.empty();
    OptionalDouble commit = OptionalDouble.empty();
    boolean fresh = true;
    for (Sample s : run.samples()) {
      switch (s.metric().name()) {
        case "kshealth_lag_status" -> {
          if (s.value() == 1.0) {
            status = Optional.ofNullable(s.labels().get("status"));
          }
        }
        case "kshealth_lag_max_seconds" ->
            timeLag = OptionalDouble.of(Math.max(timeLag.orElse(0), s.value()));
        case "kshealth_lag_commit_interval_seconds" -> commit = OptionalDouble.of(s.value());
        case "kshealth_lag_broker_up" -> fresh &= s.value() == 1.0;
        case "kshealth_lag_stale" -> fresh &= s.value() == 0.0;
        default -> {}
      }
    }
    return fresh ? new LagReading(status, timeLag, commit) : UNKNOWN;
  }

  boolean is(String... any) {
    return status.isPresent() && java.util.Arrays.asList(any).contains(status.get());
  }
}
