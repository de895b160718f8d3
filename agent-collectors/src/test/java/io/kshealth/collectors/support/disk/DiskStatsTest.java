package io.kshealth.collectors.support.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiskStatsTest {

  private static final Path FIXTURES = Path.of("src/test/resources/DiskStatsTest");
  private static final Path CAPTURED =
      Path.of("src/test/resources/BlockDevicesTest/vda/proc/diskstats");

  @Test
  void readsTheDisksLineWithDiscardAndFlushFields() throws IOException {
    // 254 0 vda 157609 31517 8994002 153439 200295 35203 11840880 63277 0 56508 224966 44323 ...
    assertEquals(
        new DiskStats(157609, 8994002, 153439, 200295, 11840880, 63277, 0, 56508, 224966),
        DiskStats.read(CAPTURED, "254:0"));
  }

  @Test
  void readsTheElevenFieldsOfOlderKernels() throws IOException {
    assertEquals(
        new DiskStats(8812, 534402, 4488, 11234, 701232, 20113, 0, 8324, 24552),
        DiskStats.read(FIXTURES.resolve("kernel-4.14"), "202:0"));
  }

  @Test
  void aDeviceWithoutALineIsAnError() {
    assertEquals(
        CAPTURED + " has no line for device 8:0",
        assertThrows(IOException.class, () -> DiskStats.read(CAPTURED, "8:0")).getMessage());
  }

  @Test
  void aFileCutShortIsAnError() {
    assertEquals(
        FIXTURES.resolve("truncated")
            + " line 10: expected major, minor, name and at least 11 counters, got 2 fields:"
            + " ' 253       0 '",
        error("truncated"));
  }

  @Test
  void aFieldThatIsNotANumberIsAnError() {
    assertEquals(
        FIXTURES.resolve("not-a-number") + " line 9: field 4 is not a count: '15x609'",
        error("not-a-number"));
  }

  @Test
  void anEmptyFileIsAnError() {
    assertEquals(FIXTURES.resolve("empty") + " is empty", error("empty"));
  }

  private static String error(String fixture) {
    return assertThrows(IOException.class, () -> DiskStats.read(FIXTURES.resolve(fixture), "254:0"))
        .getMessage();
  }
}
