package io.kshealth.demo.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The fault switches of the test bed. The first four are control records the app acts on; the
 * others are driven from outside the app (input shape, a restart, a config flag).
 */
public enum Fault {
  /** A poison record: the processing thread throws, every stream thread dies, the client ERRORs. */
  THREAD_DEATH(true),
  /** One record takes longer than {@code max.poll.interval.ms}, on every retry. */
  SLOW_RECORD(true),
  /** Processing blocks on every partition; the JVM and the client (RUNNING) stay alive. */
  STALL(true),
  /**
   * From then on every event takes {@code --slow-consumer-ms} (100 ms) in every stream thread: the
   * app processes slower than its input while it commits and stays RUNNING, so its time lag grows
   * steadily.
   */
  SLOW_CONSUMER(true),
  /** High key cardinality and large values, so RocksDB memtables and block cache grow. */
  MEMORY_GROWTH(false),
  /** Wipe the local state dir and restart: the stores restore from their changelogs. */
  RESTORE(false),
  /** Exactly-once processing ({@code exactly_once_v2}); a mode rather than a fault. */
  EOS(false);

  private final boolean controlRecord;

  Fault(boolean controlRecord) {
    this.controlRecord = controlRecord;
  }

  /** Whether the app itself acts on this fault, when a control record addressed to it arrives. */
  public boolean isControlRecord() {
    return controlRecord;
  }

  /** The name tests, the demo's {@code --scenario} and control records use: {@code slow-record}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Fault of(String id) {
    for (Fault fault : values()) {
      if (fault.id().equals(id)) {
        return fault;
      }
    }
    throw new IllegalArgumentException("unknown fault '" + id + "'; known: " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(Fault::id).collect(Collectors.joining(", "));
  }
}
