package io.kshealth.collectors.cgroup;

import io.kshealth.collectors.cgroup.CgroupFiles.Keyed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a memory cgroup reports. Each value is empty when this kernel or layout does not report it.
 *
 * @param limitBytes the hard limit; empty when unlimited
 * @param usageBytes all memory charged to the cgroup, page cache included
 * @param anonBytes anonymous memory (the heap and other process memory)
 * @param fileBytes page cache, which the kernel reclaims before it kills
 * @param oomEvents times the cgroup ran out of memory at its limit; v2 only
 * @param oomKillEvents processes in the cgroup killed by the OOM killer
 */
public record CgroupMemory(
    OptionalLong limitBytes,
    OptionalLong usageBytes,
    OptionalLong anonBytes,
    OptionalLong fileBytes,
    OptionalLong oomEvents,
    OptionalLong oomKillEvents) {

  /**
   * v1 has no word for "no limit": it shows the largest page count times the page size, just under
   * 2^63 and varying with the page size. No real limit comes near 2^62 bytes.
   */
  static final long V1_UNLIMITED = 1L << 62;

  static CgroupMemory read(CgroupDir dir) throws IOException {
    return dir.v2() ? v2(dir.files()) : v1(dir.files());
  }

  private static CgroupMemory v2(Path dir) throws IOException {
    Path maxFile = dir.resolve("memory.max");
    Optional<String> max = CgroupFiles.value(maxFile);
    OptionalLong limit =
        max.isEmpty() || max.get().equals("max")
            ? OptionalLong.empty()
            : OptionalLong.of(CgroupFiles.parse(maxFile.toString(), max.get()));
    Keyed stat = CgroupFiles.keyed(dir.resolve("memory.stat"));
    Keyed events = CgroupFiles.keyed(dir.resolve("memory.events"));
    return new CgroupMemory(
        limit,
        CgroupFiles.number(dir.resolve("memory.current")),
        stat.get("anon"),
        stat.get("file"),
        events.get("oom"),
        events.get("oom_kill"));
  }

  private static CgroupMemory v1(Path dir) throws IOException {
    OptionalLong limit = CgroupFiles.number(dir.resolve("memory.limit_in_bytes"));
    if (limit.isPresent() && limit.getAsLong() >= V1_UNLIMITED) {
      limit = OptionalLong.empty();
    }
    // The total_ values count child cgroups too, as v2 always does; old kernels lack them.
    Keyed stat = CgroupFiles.keyed(dir.resolve("memory.stat"));
    // oom_kill came in Linux 4.13; v1 has no count of OOM events that killed nothing.
    Keyed oomControl = CgroupFiles.keyed(dir.resolve("memory.oom_control"));
    return new CgroupMemory(
        limit,
        CgroupFiles.number(dir.resolve("memory.usage_in_bytes")),
        stat.first("total_rss", "rss"),
        stat.first("total_cache", "cache"),
        OptionalLong.empty(),
        oomControl.get("oom_kill"));
  }
}
