package io.kshealth.collectors.support.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The CPU readings in the corners the end-to-end trees leave out, and broken files. */
class CgroupCpuTest {

  private static final Path FIXTURES = Path.of("src/test/resources/CgroupCpuTest");
  private static final OptionalLong NONE = OptionalLong.empty();
  private static final OptionalDouble NO_SECONDS = OptionalDouble.empty();

  private static Optional<CgroupDir> dir(String controller, String dir, boolean v2) {
    return Optional.of(new CgroupDir(controller, v2, "/" + dir, FIXTURES.resolve(dir)));
  }

  private static CgroupCpu v2(String dir) throws IOException {
    return CgroupCpu.read(dir("cpu", dir, true), Optional.empty());
  }

  private static CgroupCpu v1(String dir) throws IOException {
    return CgroupCpu.read(dir("cpu", dir, false), Optional.empty());
  }

  @Test
  void theV2RootCountsUsageOnly() throws IOException {
    assertEquals(
        new CgroupCpu(NO_SECONDS, NONE, NONE, NO_SECONDS, OptionalDouble.of(2739.69926)),
        v2("v2-root"));
  }

  @Test
  void v1ReadsCpuAndCpuacctFromTheirOwnHierarchies() throws IOException {
    assertEquals(
        new CgroupCpu(
            OptionalDouble.of(0.25),
            OptionalLong.of(10),
            OptionalLong.of(1),
            NO_SECONDS,
            OptionalDouble.of(1.5)),
        CgroupCpu.read(dir("cpu", "v1-cpu", false), dir("cpuacct", "v1-cpuacct", false)));
    assertEquals(
        new CgroupCpu(NO_SECONDS, NONE, NONE, NO_SECONDS, OptionalDouble.of(1.5)),
        CgroupCpu.read(Optional.empty(), dir("cpuacct", "v1-cpuacct", false)),
        "usage alone when only cpuacct is there");
  }

  @Test
  void brokenFilesAreErrorsThatNameTheFileAndTheProblem() {
    assertEquals(
        FIXTURES.resolve("truncated-max/cpu.max")
            + ": expected '<quota|max> <period>', got '50000'",
        assertThrows(IOException.class, () -> v2("truncated-max")).getMessage());
    assertEquals(
        FIXTURES.resolve("zero-period/cpu.max") + ": the period is 0",
        assertThrows(IOException.class, () -> v2("zero-period")).getMessage());
    assertEquals(
        FIXTURES.resolve("bad-quota/cpu.cfs_quota_us") + ": expected a whole number, got '-2'",
        assertThrows(IOException.class, () -> v1("bad-quota")).getMessage());
    assertEquals(
        FIXTURES.resolve("bad-stat/cpu.stat")
            + ": throttled_time: expected a whole number, got '12abc'",
        assertThrows(IOException.class, () -> v1("bad-stat")).getMessage());
  }
}
