package io.kshealth.collectors.support.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The memory readings in the corners the end-to-end trees leave out, and broken files. */
class CgroupMemoryTest {

  private static final Path FIXTURES = Path.of("src/test/resources/CgroupMemoryTest");
  private static final OptionalLong NONE = OptionalLong.empty();

  private static CgroupMemory read(String dir, boolean v2) throws IOException {
    return CgroupMemory.read(new CgroupDir("memory", v2, "/" + dir, FIXTURES.resolve(dir)));
  }

  @Test
  void theV2RootHasNoLimitOrUsageFiles() throws IOException {
    assertEquals(
        new CgroupMemory(
            NONE, NONE, OptionalLong.of(2013265920), OptionalLong.of(6442450944L), NONE, NONE),
        read("v2-root", true));
  }

  @Test
  void v1CountsChildCgroupsLikeV2() throws IOException {
    // Its own limit is 2^62, unlimited, but a parent's 4 GiB applies (hierarchical_memory_limit);
    // the child's own rss and cache leave out its children.
    assertEquals(
        new CgroupMemory(
            OptionalLong.of(4294967296L),
            OptionalLong.of(3221225472L),
            OptionalLong.of(2147483648L),
            OptionalLong.of(1073741824),
            NONE,
            NONE),
        read("v1-with-children", false));
  }

  @Test
  void anOldV1KernelLacksTotalsAndOomKills() throws IOException {
    // Just under 2^62 is a limit, however odd.
    assertEquals(
        new CgroupMemory(
            OptionalLong.of(4611686018427383296L),
            OptionalLong.of(1048576),
            OptionalLong.of(786432),
            OptionalLong.of(262144),
            NONE,
            NONE),
        read("v1-old-kernel", false));
  }

  @Test
  void aV2LimitOnAParentCgroupApplies() throws IOException {
    // A pod limits memory on its own cgroup; its container's memory.max says "max".
    assertEquals(
        new CgroupMemory(
            OptionalLong.of(1073741824),
            OptionalLong.of(268435456),
            OptionalLong.of(201326592),
            OptionalLong.of(67108864),
            OptionalLong.of(0),
            OptionalLong.of(0)),
        read("v2-pod-limit/container", true));
  }

  @Test
  void aV1LimitOnAParentCgroupApplies() throws IOException {
    assertEquals(
        new CgroupMemory(
            OptionalLong.of(536870912),
            OptionalLong.of(104857600),
            OptionalLong.of(100663296),
            OptionalLong.of(4194304),
            NONE,
            OptionalLong.of(2)),
        read("v1-hierarchical-limit", false));
  }

  @Test
  void brokenFilesAreErrorsThatNameTheFileAndTheProblem() {
    assertEquals(
        FIXTURES.resolve("bad-max/memory.max") + ": expected a whole number, got '12x'",
        assertThrows(IOException.class, () -> read("bad-max", true)).getMessage());
    assertEquals(
        FIXTURES.resolve("empty-current/memory.current") + ": empty, expected a value",
        assertThrows(IOException.class, () -> read("empty-current", true)).getMessage());
    assertEquals(
        FIXTURES.resolve("truncated-stat/memory.stat")
            + ": line 2: expected 'key value', got 'file'",
        assertThrows(IOException.class, () -> read("truncated-stat", true)).getMessage());
    assertEquals(
        FIXTURES.resolve("bad-events/memory.events") + ": oom: expected a whole number, got '-1'",
        assertThrows(IOException.class, () -> read("bad-events", true)).getMessage());
  }
}
