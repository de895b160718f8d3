package io.kshealth.collectors.support.cgroup;

import io.kshealth.collectors.support.cgroup.CgroupFiles.Keyed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What a memory cgroup reports. Each value is empty when this kernel or layout does not report it.
 *
 * @param limitBytes the hard limit that applies: the lowest of this cgroup's and its ancestors' (a
 *     pod's limit sits on a parent of its containers' cgroups); empty when unlimited
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
    OptionalLong limit = lowest(v2Limit(maxFile, max), ancestorsLimit(dir.getParent()));
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

  /** A v2 {@code memory.max}: a number of bytes or {@code max}. */
  private static OptionalLong v2Limit(Path maxFile, Optional<String> max) throws IOException {
    return max.isEmpty() || max.get().equals("max")
        ? OptionalLong.empty()
        : OptionalLong.of(CgroupFiles.parse(maxFile.toString(), max.get()));
  }

  /**
   * The lowest {@code memory.max} of {@code dir} and its parents, as far up as the agent can see
   * cgroup directories (the root cgroup and the mount's parent have no {@code memory.max}).
   */
  private static OptionalLong ancestorsLimit(@Nullable Path dir) throws IOException {
    OptionalLong lowest = OptionalLong.empty();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path maxFile = d.resolve("memory.max");
      Optional<String> max = CgroupFiles.value(maxFile);
      if (max.isEmpty()) {
        break;
      }
      lowest = lowest(lowest, v2Limit(maxFile, max));
    }
    return lowest;
  }

  private static OptionalLong lowest(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
  }

  private static OptionalLong v1Limit(OptionalLong bytes) {
    return bytes.isPresent() && bytes.getAsLong() >= V1_UNLIMITED ? OptionalLong.empty() : bytes;
  }

  private static CgroupMemory v1(Path dir) throws IOException {
    // The total_ values count child cgroups too, as v2 always does; old kernels lack them.
    Keyed stat = CgroupFiles.keyed(dir.resolve("memory.stat"));
    // hierarchical_memory_limit is the lowest limit of the cgroup and its ancestors.
    OptionalLong limit =
        lowest(
            v1Limit(CgroupFiles.number(dir.resolve("memory.limit_in_bytes"))),
            v1Limit(stat.get("hierarchical_memory_limit")));
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
