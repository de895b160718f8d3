package io.kshealth.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

  @ParameterizedTest
  @CsvSource({
    "250ms,250",
    "30s,30000",
    "5m,300000",
    "1h30m,5400000",
    "2d,172800000",
    "1m30s500ms,90500"
  })
  void parsesDurations(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Units.parseDuration(text));
    assertEquals(
        Duration.ofMillis(millis),
        Units.parseDuration(Units.formatDuration(Duration.ofMillis(millis))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10",
        "10 sec",
        "5m1h",
        "1.5s",
        "-5s",
        "s",
        "366d",
        "106751991166d",
        "8761h",
        "99999999999999999999d",
        "9223372036854775807ms"
      })
  void rejectsBadDurations(String text) {
    assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text));
  }

  @ParameterizedTest
  @CsvSource({
    "0,0",
    "512,512",
    "64MiB,67108864",
    "1GiB,1073741824",
    "10KB,10000",
    "2 GB,2000000000",
    "1TiB,1099511627776"
  })
  void parsesSizes(String text, long bytes) {
    assertEquals(bytes, Units.parseSize(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "64 megs",
        "1.5GiB",
        "-1",
        "MiB",
        "99999999999999TiB",
        "1025GiB",
        "2TiB",
        "99999999999999999999"
      })
  void rejectsBadSizes(String text) {
    assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text));
  }

  @org.junit.jupiter.api.Test
  void theLongestDurationAndLargestSizeAreAYearAndATebibyte() {
    assertEquals(Duration.ofDays(365), Units.parseDuration("365d"));
    assertEquals(Duration.ofDays(365), Units.parseDuration("364d24h"));
    assertEquals(1L << 40, Units.parseSize("1TiB"));
    assertEquals(
        "longer than a year (365d), the longest duration allowed",
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("106751991166d"))
            .getMessage());
  }

  @ParameterizedTest
  @CsvSource({"0,0 B", "1023,1023 B", "1536,1.5 KiB", "1503238554,1.4 GiB"})
  void formatsSizesForPeople(double bytes, String text) {
    assertEquals(text, Units.formatSize(bytes));
  }
}
