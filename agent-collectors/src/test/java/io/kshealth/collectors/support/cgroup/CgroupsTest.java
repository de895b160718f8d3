package io.kshealth.collectors.support.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How controllers are found in the layouts the end-to-end trees do not cover: cgroups out of sight,
 * controllers split between v1 and v2, several mounts, broken files. Each tree has the process as
 * pid 10.
 */
class CgroupsTest {

  private static final Path FIXTURES = Path.of("src/test/resources/CgroupsTest");

  private static Cgroups of(String tree) throws IOException {
    Path root = FIXTURES.resolve(tree);
    return Cgroups.of(root.resolve("proc"), root, 10);
  }

  private static Optional<String> memory(Cgroups c) {
    return c.memory().map(CgroupDir::path);
  }

  private static Optional<String> cpu(Cgroups c) {
    return c.cpu().map(CgroupDir::path);
  }

  @Test
  void aProcessOutsideTheReadersNamespaceIsNotVisible() throws IOException {
    Cgroups c = of("outside-namespace");
    assertEquals(Optional.of(CgroupVersion.V2), c.version());
    assertEquals(Optional.empty(), memory(c));
    String why =
        ": cgroup /../../system.slice/other.service is not visible: outside the root / of the"
            + " mount at /sys/fs/cgroup";
    assertEquals(List.of("memory" + why, "cpu" + why), c.problems());
    assertEquals(Optional.empty(), c.readMemory());
    assertEquals(Optional.empty(), c.readCpu());
  }

  @Test
  void aV1MountOfAnotherCgroupShowsNothingOfOurs() throws IOException {
    Cgroups c = of("v1-other-container");
    assertEquals(Optional.of(CgroupVersion.V1), c.version());
    assertEquals(
        List.of(
            "memory: cgroup /docker/aaa is not visible: outside the root /docker/bbb of the mount"
                + " at /sys/fs/cgroup/memory",
            "cpu: cgroup /docker/aaa is not visible: outside the root /docker/bbb of the mount at"
                + " /sys/fs/cgroup/cpu,cpuacct",
            "cpuacct: cgroup /docker/aaa is not visible: outside the root /docker/bbb of the mount"
                + " at /sys/fs/cgroup/cpu,cpuacct"),
        c.problems());
  }

  @Test
  void aControllerOffInTheV2TreeIsNotRead() throws IOException {
    Cgroups c = of("memory-off-in-v2");
    assertEquals(Optional.empty(), memory(c));
    assertEquals(Optional.of("/sys/fs/cgroup/app.slice/streams.service"), cpu(c));
    assertEquals(true, c.cpu().orElseThrow().v2());
    assertEquals(
        List.of(
            "memory: not enabled in the cgroup2 tree"
                + " (/sys/fs/cgroup/app.slice/streams.service/cgroup.controllers: 'cpu io pids')"),
        c.problems());
  }

  @Test
  void theV2LineAloneDoesNotMakeV2() throws IOException {
    Cgroups c = of("v2-line-without-mount");
    assertEquals(Optional.of(CgroupVersion.V1), c.version());
    assertEquals(Optional.of("/sys/fs/cgroup/memory"), memory(c));
    assertEquals(Optional.of("/sys/fs/cgroup/cpu,cpuacct"), cpu(c));
    assertEquals(Optional.of("/sys/fs/cgroup/cpu,cpuacct"), c.cpuacct().map(CgroupDir::path));
    assertEquals(List.of(), c.problems());

    Cgroups nothing = of("nothing-mounted");
    assertEquals(Optional.empty(), nothing.version());
    assertEquals(
        List.of("memory: in no mounted hierarchy", "cpu: in no mounted hierarchy"),
        nothing.problems());
  }

  @Test
  void aV1HierarchyTheReaderHasNotMounted() throws IOException {
    Cgroups c = of("v1-memory-not-mounted");
    assertEquals(Optional.of(CgroupVersion.V1), c.version());
    assertEquals(Optional.empty(), memory(c));
    assertEquals(Optional.of("/sys/fs/cgroup/cpu,cpuacct/app"), cpu(c));
    assertEquals(List.of("memory: its v1 hierarchy is not mounted here"), c.problems());
  }

  @Test
  void onAHybridHostEachControllerIsFoundWhereItIs() throws IOException {
    Cgroups c = of("hybrid-cpu-on-v2");
    assertEquals(Optional.of(CgroupVersion.HYBRID), c.version());
    assertEquals(Optional.of("/sys/fs/cgroup/memory/app.slice"), memory(c));
    assertEquals(false, c.memory().orElseThrow().v2());
    assertEquals(Optional.of("/sys/fs/cgroup/unified/app.slice/streams.service"), cpu(c));
    assertEquals(true, c.cpu().orElseThrow().v2());
    assertEquals(Optional.empty(), c.cpuacct());
    assertEquals(List.of(), c.problems());
  }

  @Test
  void theMountWithTheClosestRootWins() throws IOException {
    Cgroups c = of("two-mounts");
    assertEquals(Optional.of("/sys/fs/cgroup"), memory(c));
    assertEquals(FIXTURES.resolve("two-mounts/sys/fs/cgroup"), c.memory().orElseThrow().files());
  }

  @Test
  void mountPointsAreUnescaped() throws IOException {
    assertEquals(Optional.of("/mnt/cgroup v2/app"), memory(of("escaped-mount-point")));
  }

  @Test
  void aRemovedCgroupIsReportedNotRead() throws IOException {
    Cgroups c = of("deleted");
    assertEquals(Optional.empty(), memory(c));
    assertEquals(
        "memory: /sys/fs/cgroup/app.slice/gone.service/cgroup.controllers is not there",
        c.problems().get(0));
  }

  @Test
  void brokenFilesAreErrorsThatNameTheFile() {
    Path bad = FIXTURES.resolve("bad-cgroup-line");
    IOException e = assertThrows(IOException.class, () -> of("bad-cgroup-line"));
    assertEquals(
        bad.resolve("proc/10/cgroup") + ": expected 'id:controllers:/path', got 'memory:/app'",
        e.getMessage());

    Path truncated = FIXTURES.resolve("truncated-mountinfo");
    e = assertThrows(IOException.class, () -> of("truncated-mountinfo"));
    assertEquals(
        truncated.resolve("proc/self/mountinfo")
            + " line 2: no ' - ' after the mount options: '26 24 0:26 / /sys/fs/cgroup"
            + " rw,nosuid,nodev,noexec,relatime shared:4'",
        e.getMessage());
  }

  @Test
  void aProcessThatIsNotThere() {
    Path root = FIXTURES.resolve("deleted");
    assertThrows(NoSuchFileException.class, () -> Cgroups.of(root.resolve("proc"), root, 11));
  }
}
