package io.kshealth.collectors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kshealth.collectors.support.proc.MemInfo;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each reader, on files that are cut short or garbled: an error that names the file and says why.
 */
class MalformedProcFilesTest {

  private static final Path FIXTURES = Path.of("src/test/resources/MalformedProcFilesTest");

  private static void fails(String name, Executable read, String problem) {
    IOException e = assertThrows(IOException.class, read);
    assertEquals(FIXTURES.resolve(name) + ": " + problem, e.getMessage());
  }

  private static Path file(String name) {
    return FIXTURES.resolve(name);
  }

  @Test
  void stat() {
    String expected =
        "expected 'cpu user nice system idle iowait irq softirq steal …, in clock ticks'";
    fails(
        "stat-without-aggregate",
        () -> CpuStat.read(file("stat-without-aggregate")),
        "no aggregate 'cpu' line");
    fails(
        "stat-short-cpu-line",
        () -> CpuStat.read(file("stat-short-cpu-line")),
        "line 1: " + expected + ", found 'cpu  236135 0 38413 929818'");
    fails(
        "stat-not-a-number",
        () -> CpuStat.read(file("stat-not-a-number")),
        "line 1: " + expected + ", found 'cpu  236135 0 38413 929818 3688 0 913 x 0 0'");
    fails(
        "stat-cut-after-first-line",
        () -> CpuStat.read(file("stat-cut-after-first-line")),
        "no per-CPU 'cpuN' lines");
  }

  @Test
  void loadavg() {
    fails("loadavg-empty", () -> LoadAverage.read(file("loadavg-empty")), "empty file");
    fails(
        "loadavg-truncated",
        () -> LoadAverage.read(file("loadavg-truncated")),
        "line 1: expected 'load1 load5 load15 running/total last-pid', found '0.45 1.2'");
  }

  @Test
  void pressure() {
    String expected = "expected 'some|full avg10=… avg60=… avg300=… total=…'";
    fails(
        "pressure-truncated",
        () -> Pressure.read(file("pressure-truncated")),
        "line 1: " + expected + ", found 'some avg10=8.31 avg60=5.05 av'");
    fails(
        "pressure-unknown-kind",
        () -> Pressure.read(file("pressure-unknown-kind")),
        "line 2: " + expected + ", found 'most avg10=0.00 avg60=0.00 avg300=0.00 total=0'");
    fails("pressure-empty", () -> Pressure.read(file("pressure-empty")), "no 'some' line");
    fails(
        "pressure-without-some",
        () -> Pressure.read(file("pressure-without-some")),
        "no 'some' line");
  }

  @Test
  void meminfo() {
    fails(
        "meminfo-truncated",
        () -> MemInfo.read(file("meminfo-truncated")),
        "line 3: expected 'MemAvailable: <number> kB', found 'MemAvailable:   241'");
    fails(
        "meminfo-garbled",
        () -> MemInfo.read(file("meminfo-garbled")),
        "line 5: expected 'Name: <number> [kB]', found 'Cached            531548 kB'");
    fails("meminfo-empty", () -> MemInfo.read(file("meminfo-empty")), "no MemTotal line");
  }

  @Test
  void fileNr() {
    fails(
        "file-nr-truncated",
        () -> FileNr.read(file("file-nr-truncated")),
        "line 1: expected 'allocated unused max', found '612\t0'");
    fails(
        "file-nr-not-a-number",
        () -> FileNr.read(file("file-nr-not-a-number")),
        "line 1: expected 'allocated unused max', found 'x\t0\t2466183'");
  }
}
