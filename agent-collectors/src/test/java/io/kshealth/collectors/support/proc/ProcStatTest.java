package io.kshealth.collectors.support.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void countsFieldsFromTheLastParenthesis() throws IOException {
    ProcStat stat = ProcStat.read(Path.of("src/test/resources/ProcStatTest/stat-with-spaces"));
    assertEquals(1520 + 380, stat.cpuTicks());
    assertEquals(123456, stat.startTicks());
    assertEquals(4131811328L, stat.virtualBytes());
  }
}
