package io.kshealth.alerts.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.api.Labels;
import io.kshealth.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Selectors' regular expressions are RE2, as in Prometheus, and take linear time. */
class SeriesSelectorTest {

  /**
   * java.util.regex needs hours for this (it tries every way to split the a's in ten); RE2J answers
   * in linear time: the rules thread must never spin. Not a speed limit but a hang guard, and a
   * preemptive one: a matching loop ignores the interrupt of the default timeout.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theBacktrackingPatternOfIssue16Answers() {
    SeriesSelector s = SeriesSelector.parse("kshealth_collector_up{collector=~\"(.*a){10}\"}");
    Labels hostile = Labels.of("collector", "a".repeat(70) + "-b");
    Labels matching = Labels.of("collector", "a".repeat(70));
    for (int i = 0; i < 1000; i++) {
      assertFalse(s.matches(hostile));
      assertTrue(s.matches(matching));
    }
  }

  @Test
  void regexesMatchTheWholeValueAndNegationToo() {
    SeriesSelector s = SeriesSelector.parse("m{store=~\"count.*|bytes\", task!~\"0_.*\"}");
    assertTrue(s.matches(Labels.of("store", "counts", "task", "1_0")));
    assertFalse(s.matches(Labels.of("store", "xbytes", "task", "1_0")));
    assertFalse(s.matches(Labels.of("store", "bytes", "task", "0_3")));
    assertTrue(s.matches(Labels.of("store", "bytes")), "a missing label is the empty value");
  }

  @Test
  void aLookaheadOrBackreferenceIsRejectedSayingWhy() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SeriesSelector.parse("m{a=~\"(?!x).*\"}"));
    assertTrue(e.getMessage().startsWith("bad regular expression for a: "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SeriesSelector.parse("m{a=~\"(x)\\\\1\"}"));
  }

  @Test
  void aSelectorRe2RejectsIsALoadErrorAtItsPositionNamingTheRule(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("r.yaml"),
            """
            groups:
            - name: g
              rules:
              - alert: Lookahead
                series: 'm{collector=~"(?=kafka).*"}'
                expr: value > 1.0
                labels: {severity: warning}
            """);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new RuleLoader(RuleLanguage.standard()).load(List.of(file)));
    assertEquals(1, e.errors().size());
    String line = e.errors().get(0).format();
    assertTrue(
        line.startsWith(
            file
                + ":5:13: groups[0].rules[0].series: rule 'Lookahead': at character 1: bad regular expression"
                + " for collector: "),
        line);
  }
}
