package io.kshealth.core.io;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the agent can write its data dir, as {@code /metrics} shows it and rules see it: probed
 * once at start (an unwritable dir turns persistence off instead of stopping the agent), then told
 * the outcome of every write by the files kept there (history, alert state, outbox).
 */
public final class DataDirHealth {

  private static final Logger LOG = LoggerFactory.getLogger(DataDirHealth.class);

  public static final Metric WRITABLE =
      Metric.gauge(
          "kshealth_data_dir_writable",
          "1 if the last write of every file in the data dir succeeded; 0 if one failed, or if the"
              + " dir was unwritable at start and the agent runs without persistence.");
  public static final Metric WRITE_ERRORS =
      Metric.counter(
          "kshealth_data_dir_write_errors_total",
          "Writes to the data dir that failed, by file: probe (at start), history, alert_state,"
              + " outbox, app_probes.");

  /** The files kept in the data dir, as the {@code file} label names them. */
  public static final String PROBE = "probe";

  public static final String HISTORY = "history";
  public static final String ALERT_STATE = "alert_state";
  public static final String OUTBOX = "outbox";
  public static final String APP_PROBES = "app_probes";

  private static final String PROBE_FILE = ".kshealth-write-probe";

  private final Optional<Path> dir;
  private final boolean persistent;
  private final Map<String, Boolean> lastWriteOk = new LinkedHashMap<>();
  private final Map<String, Long> errors = new LinkedHashMap<>();

  private DataDirHealth(Optional<Path> dir, boolean persistent) {
    this.dir = dir;
    this.persistent = persistent;
    for (String file : List.of(PROBE, HISTORY, ALERT_STATE, OUTBOX, APP_PROBES)) {
      errors.put(file, 0L);
    }
  }

  /** No data dir configured: nothing is persisted, nothing is reported. */
  public static DataDirHealth none() {
    return new DataDirHealth(Optional.empty(), false);
  }

  /**
   * Creates the dir if needed and writes a probe file the way every file there is written. If that
   * fails the agent runs on without persistence (history, alert state and queued notifications in
   * memory only), says so once in the log, and reports the dir unwritable until restarted.
   */
  public static DataDirHealth probe(Path dir) {
    Path probe = dir.resolve(PROBE_FILE);
    try {
      Files.createDirectories(dir);
      AtomicFile.write(probe, new AtomicFile.Header("probe", 1), out -> {});
      Files.delete(probe);
      return new DataDirHealth(Optional.of(dir), true);
    } catch (IOException e) {
      LOG.warn(
          "data dir {} is not writable ({}): running without persistence; history, alert state"
              + " and undelivered notifications are kept in memory only and lost on restart",
          dir,
          IoErrors.describe(e));
      DataDirHealth health = new DataDirHealth(Optional.of(dir), false);
      health.failed(PROBE);
      return health;
    }
  }

  /** Where files are kept; empty when no data dir is configured or it was unwritable at start. */
  public Optional<Path> persistentDir() {
    return persistent ? dir : Optional.empty();
  }

  public synchronized void written(String file) {
    lastWriteOk.put(file, true);
  }

  public synchronized void failed(String file) {
    lastWriteOk.put(file, false);
    errors.merge(file, 1L, Long::sum);
  }

  public synchronized boolean writable() {
    return persistent && !lastWriteOk.containsValue(false);
  }

  public synchronized List<Sample> samples(long nowMillis) {
    List<Sample> out = new ArrayList<>();
    if (dir.isEmpty()) {
      return out;
    }
    String path = dir.get().toString();
    out.add(new Sample(WRITABLE, Labels.of("dir", path), writable() ? 1 : 0, nowMillis));
    errors.forEach(
        (file, count) ->
            out.add(
                new Sample(WRITE_ERRORS, Labels.of("dir", path, "file", file), count, nowMillis)));
    return out;
  }
}
