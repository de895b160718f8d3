package io.kshealth.collectors.statedir;

import io.kshealth.collectors.statedir.StateDirLayout.App;
import io.kshealth.collectors.statedir.StateDirLayout.Store;
import io.kshealth.collectors.statedir.StateDirLayout.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The most memory the memtables of each store of an application can hold, from the OPTIONS files in
 * its state directory (read-only, as the state-dir collector reads them): write buffer size ×
 * count, over all column families, times the segments of a segmented store. JMX has the block
 * cache's capacity but not this, which is why the worst-case RocksDB budget needs the files.
 */
public final class MemtableLimits {

  /** A store of a task, as the task directory and the store's directory name it. */
  public record StoreKey(String task, String store) {}

  private final Path stateDir;
  private final OptionsCache options = new OptionsCache();

  public MemtableLimits(Path stateDir) {
    this.stateDir = stateDir;
  }

  /** Every store of the application with a readable OPTIONS file; empty when there is none. */
  public Map<StoreKey, Long> read(String applicationId) throws IOException {
    Map<StoreKey, Long> limits = new HashMap<>();
    for (App app : StateDirLayout.scan(stateDir, applicationId)) {
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
