package io.kshealth.collectors.statedir;

import io.kshealth.api.Collector;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.TargetConnection;
import io.kshealth.collectors.support.rocksdb.OptionsCache;
import io.kshealth.collectors.support.rocksdb.StateDirLayout;
import io.kshealth.collectors.support.rocksdb.StateDirLayout.App;
import io.kshealth.collectors.support.rocksdb.StateDirLayout.Store;
import io.kshealth.collectors.support.rocksdb.StateDirLayout.Task;
import io.kshealth.collectors.support.rocksdb.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Kafka Streams {@code state.dir} as a bystander: lists directories, reads file sizes and
 * RocksDB's OPTIONS text, and never opens anything for writing, takes a lock or loads RocksDB, so
 * it works on a read-only mount beside a running app.
 *
 * <p>It reads the stores of the watched application only ({@link WatchedApplications}).
 *
 * <p>Missing is missing: a store that vanishes while we look (compaction, a task moved away) is
 * left out of this run, never reported as zero. A malformed OPTIONS file fails the run, naming the
 * file and line.
 */
final class StateDirCollector implements Collector {

  static final Metric STORE_BYTES =
      Metric.gauge(
          "kshealth_state_store_disk_bytes",
          "Bytes of the files of a state store on disk, every segment included.");
  static final Metric STORE_SEGMENTS =
      Metric.gauge(
          "kshealth_state_store_segments",
          "Segments (each its own RocksDB) of a window or session store.");
  static final Metric TASK_BYTES =
      Metric.gauge(
          "kshealth_state_task_disk_bytes", "Bytes of the files of a task's state directory.");
  static final Metric APP_BYTES =
      Metric.gauge(
          "kshealth_state_app_disk_bytes",
          "Bytes of the files of an application's task directories on this instance.");
  static final Metric STORE_GROWTH =
      Metric.gauge(
          "kshealth_state_store_disk_growth_bytes_per_second",
          "Growth of a state store on disk: least-squares slope over the growth window.");
  static final Metric APP_GROWTH =
      Metric.gauge(
          "kshealth_state_app_disk_growth_bytes_per_second",
          "Growth of an application's state on disk: least-squares slope over the growth window.");
  static final Metric WRITE_BUFFER_SIZE =
      Metric.gauge(
          "kshealth_state_store_write_buffer_size_bytes",
          "RocksDB write_buffer_size of a store's default column family (newest OPTIONS file).");
  static final Metric MAX_WRITE_BUFFERS =
      Metric.gauge(
          "kshealth_state_store_max_write_buffers",
          "RocksDB max_write_buffer_number of a store's default column family.");
  static final Metric BLOCK_SIZE =
      Metric.gauge(
          "kshealth_state_store_block_size_bytes",
          "RocksDB block_size of a store's default column family's block-based table.");
  static final Metric MEMTABLE_LIMIT =
      Metric.gauge(
          "kshealth_state_store_memtable_limit_bytes",
          "Most memory a store's memtables can hold: write_buffer_size x max_write_buffer_number"
              + " over all column families, times the segments of a segmented store.");
  static final Metric OPTIONS_INFO =
      Metric.gauge(
          "kshealth_state_store_options_info",
          "Always 1; the labels carry RocksDB options of a store that are not numbers.");

  private final StateDirSettings settings;
  private final Clock clock;
  private final GrowthRates storeGrowth;
  private final GrowthRates appGrowth;

  /**
   * OPTIONS files never change once RocksDB has renamed them into place: each is parsed once. The
   * key is more than the path because a store rebuilt from scratch numbers its files anew.
   */
  private final OptionsCache options = new OptionsCache();

  private final WatchedApplications watched;
  private volatile @Nullable String target;

  StateDirCollector(StateDirSettings settings, String name, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.watched =
        settings
            .target()
            .map(
                t -> new WatchedApplications(new TargetConnection(t, name, clock, settings.proc())))
            .orElseGet(() -> new WatchedApplications(settings.applicationIds()));
    this.storeGrowth = new GrowthRates(settings.growthWindow());
    this.appGrowth = new GrowthRates(settings.growthWindow());
  }

  @Override
  public void collect(Snapshot.Builder out) throws IOException, InterruptedException {
    Set<String> ids = watched.ids();
    if (ids.isEmpty()) {
      target = watched.status();
      return;
    }
    List<App> apps;
    try {
      apps = StateDirLayout.scan(settings.path(), ids);
    } catch (IOException e) {
      target = null;
      throw e;
    }
    long now = clock.millis();
    int tasks = 0;
    int stores = 0;
    for (App app : apps) {
      Labels appLabels = Labels.of("application_id", app.id());
      out.add(APP_BYTES, appLabels, app.bytes());
      appGrowth
          .record(appLabels, now, app.bytes())
          .ifPresent(rate -> out.add(APP_GROWTH, appLabels, rate));
      for (Task task : app.tasks()) {
        tasks++;
        out.add(TASK_BYTES, Labels.of("application_id", app.id(), "task", task.id()), task.bytes());
        for (Store store : task.stores()) {
          stores++;
          Labels labels =
              Labels.of("application_id", app.id(), "task", task.id(), "store", store.name());
          out.add(STORE_BYTES, labels, store.bytes());
          store.segments().ifPresent(n -> out.add(STORE_SEGMENTS, labels, n));
          storeGrowth
              .record(labels, now, store.bytes())
              .ifPresent(rate -> out.add(STORE_GROWTH, labels, rate));
          if (store.options().isPresent()) {
            int instances = store.segments().orElse(1);
            options
                .get(store.options().get())
                .ifPresent(o -> addOptions(out, labels, o, instances));
          }
        }
      }
    }
    storeGrowth.endRun();
    appGrowth.endRun();
    options.endRun();
    target =
        (apps.isEmpty()
                ? settings.path()
                    + (Files.isDirectory(settings.path()) ? ": no store yet" : ": not created yet")
                : describe(apps, tasks, stores))
            + watched.status();
  }

  /** {@code instances}: RocksDB instances of the store, one per segment of a segmented store. */
  private static void addOptions(
      Snapshot.Builder out, Labels labels, StoreOptions o, int instances) {
    o.memtableLimitBytes().ifPresent(v -> out.add(MEMTABLE_LIMIT, labels, (double) v * instances));
    o.writeBufferSize().ifPresent(v -> out.add(WRITE_BUFFER_SIZE, labels, v));
    o.maxWriteBuffers().ifPresent(v -> out.add(MAX_WRITE_BUFFERS, labels, v));
    o.blockSize().ifPresent(v -> out.add(BLOCK_SIZE, labels, v));
    o.compactionStyle()
        .ifPresent(style -> out.add(OPTIONS_INFO, labels.and("compaction_style", style), 1));
  }

  private static String describe(List<App> apps, int tasks, int stores) {
    String what = apps.size() == 1 ? apps.get(0).id() : apps.size() + " applications";
    return what + ": " + tasks + " tasks, " + stores + " stores";
  }

  @Override
  public Optional<String> target() {
    return Optional.ofNullable(target);
  }

  @Override
  public void close() {
    watched.close();
  }
}
