package io.kshealth.collectors.streams;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.cgroup.CgroupMemory;
import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.collectors.support.jvm.JvmMemory;
import io.kshealth.collectors.support.proc.MemInfo;
import io.kshealth.collectors.support.proc.ProcessReading;
import io.kshealth.collectors.support.rocksdb.MemtableLimits;
import io.kshealth.collectors.support.rocksdb.MemtableLimits.StoreKey;
import io.kshealth.collectors.support.rocksdb.RocksDbTotals;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The target's memory from outside the JVM: its process in {@code /proc}, the memory limit that
 * applies to it, how much room is left, and how much RocksDB could take at worst. This is how an
 * operator sees an OOM kill coming: the heap is fine, the growth is off-heap.
 */
final class TargetMemory {

  static final Metric RESIDENT =
      Metric.gauge("kshealth_target_process_resident_memory_bytes", "Resident set of the target.");
  static final Metric ANON =
      Metric.gauge(
          "kshealth_target_process_anon_memory_bytes",
          "Resident anonymous memory of the target: heap, RocksDB, stacks; not mapped files.");
  static final Metric THREADS =
      Metric.gauge("kshealth_target_process_threads", "Threads of the target process.");
  static final Metric OPEN_FDS =
      Metric.gauge("kshealth_target_process_open_fds", "Open file descriptors of the target.");
  static final Metric MAX_FDS =
      Metric.gauge("kshealth_target_process_max_fds", "The target's soft limit on open files.");
  static final Metric OFF_HEAP =
      Metric.gauge(
          "kshealth_target_offheap_estimate_bytes",
          "Resident memory not explained by the JVM: RSS minus heap committed, non-heap"
              + " committed and direct buffers. RocksDB's memory is most of it.");
  static final Metric LIMIT =
      Metric.gauge(
          "kshealth_target_memory_limit_bytes",
          "The memory the target may use: its cgroup's limit (the lowest of its own and its"
              + " ancestors'), else the host's memory; source says which.");
  static final Metric HEADROOM =
      Metric.gauge(
          "kshealth_target_memory_headroom_bytes",
          "Memory left before the limit: the limit minus the cgroup's anonymous memory (page"
              + " cache is reclaimed first), or the host's available memory.");
  static final Metric HEADROOM_RATIO =
      Metric.gauge("kshealth_target_memory_headroom_ratio", "Headroom over the limit, 0 to 1.");
  static final Metric BUDGET =
      Metric.gauge(
          "kshealth_rocksdb_memory_budget_bytes",
          "The most RocksDB can take at the current settings: the block cache capacity of every"
              + " open store (a shared cache once) plus write buffer size × count of every column"
              + " family and segment, from the OPTIONS files.");
  static final Metric BUDGET_RATIO =
      Metric.gauge(
          "kshealth_rocksdb_memory_budget_ratio",
          "The RocksDB worst-case budget over the target's memory limit; above 1 it can OOM.");

  private final Path proc;
  private final Path root;
  private final Optional<MemtableLimits> memtables;

  TargetMemory(Path proc, Path root, Optional<MemtableLimits> memtables) {
    this.proc = proc;
    this.root = root;
    this.memtables = memtables;
  }

  /**
   * @param pid the target's process as this host sees it; empty when not visible from here
   */
  void report(
      Snapshot.Builder out,
      Labels target,
      OptionalLong pid,
      Optional<JvmMemory> jvm,
      Map<StreamsClient, RocksDbTotals> rocksdb)
      throws IOException {
    Optional<ProcessReading> process =
        pid.isPresent() ? ProcessReading.read(proc, pid.getAsLong()) : Optional.empty();
    process.ifPresent(p -> reportProcess(out, target, p, jvm));
    OptionalDouble limit = OptionalDouble.empty();
    if (process.isPresent()) {
      limit = reportLimit(out, target, pid.getAsLong());
    }
    for (Map.Entry<StreamsClient, RocksDbTotals> e : rocksdb.entrySet()) {
      OptionalDouble budget = budget(e.getKey(), e.getValue());
      if (budget.isPresent()) {
        Labels labels = e.getKey().labels();
        out.add(BUDGET, labels, budget.getAsDouble());
        if (limit.isPresent()) {
          out.add(BUDGET_RATIO, labels, budget.getAsDouble() / limit.getAsDouble());
        }
      }
    }
  }

  private static void reportProcess(
      Snapshot.Builder out, Labels target, ProcessReading p, Optional<JvmMemory> jvm) {
    out.add(RESIDENT, target, p.residentBytes());
    p.anonBytes().ifPresent(v -> out.add(ANON, target, v));
    out.add(THREADS, target, p.threads());
    p.openFds().ifPresent(v -> out.add(OPEN_FDS, target, v));
    p.maxFds().ifPresent(v -> out.add(MAX_FDS, target, v));
    if (jvm.isPresent()) {
      JvmMemory m = jvm.get();
      if (m.heapCommittedBytes().isPresent()
          && m.nonHeapCommittedBytes().isPresent()
          && m.directBufferBytes().isPresent()) {
        // Committed heap a young JVM has not touched yet is not resident, which can make the
        // difference negative: no memory is unexplained then.
        out.add(
            OFF_HEAP,
            target,
            Math.max(
                0,
                p.residentBytes()
                    - m.heapCommittedBytes().getAsDouble()
                    - m.nonHeapCommittedBytes().getAsDouble()
                    - m.directBufferBytes().getAsDouble()));
      }
    }
  }

  /** Reports the limit and the headroom under it; returns the limit. */
  private OptionalDouble reportLimit(Snapshot.Builder out, Labels target, long pid)
      throws IOException {
    Optional<CgroupMemory> cgroup;
    try {
      cgroup = Cgroups.of(proc, root, pid).readMemory();
    } catch (NoSuchFileException e) {
      return OptionalDouble.empty();
    }
    double limit;
    OptionalDouble headroom;
    String source;
    if (cgroup.isPresent() && cgroup.get().limitBytes().isPresent()) {
      CgroupMemory m = cgroup.get();
      limit = m.limitBytes().getAsLong();
      OptionalLong used = m.anonBytes().isPresent() ? m.anonBytes() : m.usageBytes();
      headroom =
          used.isPresent() ? OptionalDouble.of(limit - used.getAsLong()) : OptionalDouble.empty();
      source = "cgroup";
    } else {
      MemInfo host = MemInfo.read(proc.resolve("meminfo"));
      limit = host.totalBytes();
      headroom =
          host.availableBytes().isPresent()
              ? OptionalDouble.of(host.availableBytes().getAsLong())
              : OptionalDouble.empty();
      source = "host";
    }
    out.add(LIMIT, target.and("source", source), limit);
    headroom.ifPresent(
        h -> {
          out.add(HEADROOM, target, h);
          out.add(HEADROOM_RATIO, target, h / limit);
        });
    return OptionalDouble.of(limit);
  }

  /** Empty unless every open store's write buffers are known from its OPTIONS file. */
  private OptionalDouble budget(StreamsClient client, RocksDbTotals totals) throws IOException {
    if (memtables.isEmpty()
        || totals.blockCacheCapacityBytes().isEmpty()
        || totals.instances().isEmpty()) {
      return OptionalDouble.empty();
    }
    List<StoreKey> open =
        totals.instances().stream().map(i -> new StoreKey(i.task(), i.store())).toList();
    Map<StoreKey, Long> limits = memtables.get().read(client.applicationId(), open);
    double sum = totals.blockCacheCapacityBytes().getAsDouble();
    for (StoreKey key : open) {
      Long memtable = limits.get(key);
      if (memtable == null) {
        return OptionalDouble.empty();
      }
      sum += memtable;
    }
    return OptionalDouble.of(sum);
  }
}
