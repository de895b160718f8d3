package io.kshealth.collectors.support.rocksdb;

import io.kshealth.collectors.support.rocksdb.StateDirLayout.App;
import io.kshealth.collectors.support.rocksdb.StateDirLayout.Store;
import io.kshealth.collectors.support.rocksdb.StateDirLayout.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The most memory the memtables of each store of an application can hold, from the OPTIONS files in
 * its state directory (read-only, as the state-dir collector reads them): write buffer size ×
 * count, over all column families, times the segments of a segmented store. JMX has the block
 * cache's capacity but not this, which is why the worst-case RocksDB budget needs the files.
 */
public final class MemtableLimits {

  /** A store of a task, as the task directory and the store's directory name it. */
  public record StoreKey(String task, String store) {}

  /**
   * How long one scan serves: options change only when the app reopens a store, and a scan walks
   * every file of the state dir to list it.
   */
  static final Duration MAX_AGE = Duration.ofMinutes(1);

  private record Scan(long atMillis, Map<StoreKey, Long> limits) {}

  private final Path stateDir;
  private final Clock clock;
  private final OptionsCache options = new OptionsCache();
  private final Map<String, Scan> scans = new HashMap<>();

  public MemtableLimits(Path stateDir, Clock clock) {
    this.stateDir = stateDir;
    this.clock = clock;
  }

  /**
   * Every store of the application with a readable OPTIONS file, as of a scan at most {@link
   * #MAX_AGE} old; empty when there is none. A store missing from the last scan (a task assigned
   * since) makes the next call scan again.
   */
  public Map<StoreKey, Long> read(String applicationId, Collection<StoreKey> wanted)
      throws IOException {
    long now = clock.millis();
    Scan last = scans.get(applicationId);
    if (last == null
        || now - last.atMillis() >= MAX_AGE.toMillis()
        || !last.limits().keySet().containsAll(wanted)) {
      last = new Scan(now, scan(applicationId));
      scans.put(applicationId, last);
    }
    return last.limits();
  }

  private Map<StoreKey, Long> scan(String applicationId) throws IOException {
    Map<StoreKey, Long> limits = new HashMap<>();
    for (App app : StateDirLayout.scan(stateDir, Set.of(applicationId))) {
      for (Task task : app.tasks()) {
        for (Store store : task.stores()) {
          if (store.options().isEmpty()) {
            continue;
          }
          int instances = store.segments().orElse(1);
          options
              .get(store.options().get())
              .flatMap(o -> o.memtableLimitBytes().stream().boxed().findFirst())
              .ifPresent(
                  limit -> limits.put(new StoreKey(task.id(), store.name()), limit * instances));
        }
      }
    }
    options.endRun();
    return limits;
  }

  @Override
  public String toString() {
    return stateDir.toString();
  }
}
