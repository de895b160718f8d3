package io.kshealth.alerts.expr;

import static io.kshealth.alerts.expr.Scopes.at;
import static io.kshealth.alerts.expr.Scopes.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.alerts.expr.Outcome.Verdict;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code join}: the current value of the one other series that agrees on labels; {@code
 * history_of}: its points.
 */
class JoinTest {

  static final RuleLanguage CEL = RuleLanguage.standard();

  /** Series of {@code limit}; this series is {device=nvme1n1, volume_id=vol-0a}. */
  final Map<Labels, SeriesPoints> limits = new LinkedHashMap<>();

  Outcome eval(String expr) throws ExpressionException {
    SeriesScope scope =
        scope(0.4, at(0, 0.4), metric -> metric.equals("limit") ? limits : Map.of());
    return CEL.condition(expr).evaluate(scope);
  }

  @Test
  void joinsTheOneSeriesThatAgreesOnSharedLabels() throws Exception {
    limits.put(Labels.of("device", "nvme1n1", "kind", "gp3"), at(60, 1, 15, 2));
    limits.put(Labels.of("device", "nvme2n1"), at(0, 3));
    // device agrees, kind is not on this series: it matches, with its newest value.
    assertEquals(Outcome.TRUE, eval("join('limit') == 2.0"));
    assertEquals(Outcome.TRUE, eval("value / join('limit') == 0.2"));
  }

  @Test
  void noMatchIsUnknown() throws Exception {
    limits.put(Labels.of("device", "nvme2n1"), at(0, 3));
    assertEquals(
        Outcome.unknown("no series of limit matches {device=\"nvme1n1\", volume_id=\"vol-0a\"}"),
        eval("join('limit') == 3.0"));
    assertEquals(
        Outcome.unknown("no series of other matches {device=\"nvme1n1\", volume_id=\"vol-0a\"}"),
        eval("join('other') == 3.0"));
  }

  @Test
  void severalMatchesAreUnknownNamingThem() throws Exception {
    limits.put(Labels.of("device", "nvme1n1", "kind", "gp3"), at(0, 2));
    limits.put(Labels.of("device", "nvme1n1", "kind", "io2"), at(0, 3));
    assertEquals(
        Outcome.unknown(
            "several series of limit match {device=\"nvme1n1\", volume_id=\"vol-0a\"}:"
                + " {device=\"nvme1n1\", kind=\"gp3\"} and {device=\"nvme1n1\", kind=\"io2\"}"),
        eval("join('limit') > 0.0"));
    // Either side of || may still decide.
    assertEquals(Outcome.TRUE, eval("value < 1.0 || join('limit') > 0.0"));
  }

  @Test
  void onMatchesOnlyTheListedLabels() throws Exception {
    limits.put(Labels.of("device", "nvme1n1", "volume_id", "vol-old"), at(0, 2));
    limits.put(Labels.of("device", "nvme2n1", "volume_id", "vol-0a"), at(0, 3));
    assertEquals(Outcome.TRUE, eval("join('limit', ['volume_id']) == 3.0"));
    assertEquals(Outcome.TRUE, eval("join('limit', ['device']) == 2.0"));
    // A label neither has agrees; matching on nothing matches both.
    assertEquals(Outcome.TRUE, eval("join('limit', ['device', 'zone']) == 2.0"));
    assertEquals(Verdict.UNKNOWN, eval("join('limit', []) == 2.0").verdict());
  }

  @Test
  void aStaleSeriesHasNoCurrentValue() throws Exception {
    // The lookback is 5m: a point 301s old is too old; one exactly 300s old is not.
    limits.put(Labels.of("device", "nvme1n1"), at(900, 1, 301, 2));
    assertEquals(
        Outcome.unknown("limit{device=\"nvme1n1\"} has no point in the last 5m"),
        eval("join('limit') > 0.0"));
    limits.put(Labels.of("device", "nvme1n1"), at(900, 1, 300, 2));
    assertEquals(Outcome.TRUE, eval("join('limit') == 2.0"));
  }

  @Test
  void historyOfIsTheSiblingSeriesPointsWithTheGivenLabelsReplaced() throws Exception {
    // This series is {device=nvme1n1, volume_id=vol-0a}; its sibling of volume_id vol-0b was 1
    // ten minutes ago and 0 since. A point after now is not part of it.
    limits.put(Labels.of("device", "nvme1n1", "volume_id", "vol-0a"), at(0, 5));
    limits.put(
        Labels.of("device", "nvme1n1", "volume_id", "vol-0b"), at(600, 1, 300, 0, 0, 0, -60, 7));
    assertEquals(
        Outcome.TRUE, eval("max_over_time(history_of('limit', {'volume_id': 'vol-0b'})) == 1.0"));
    assertEquals(
        Outcome.TRUE,
        eval(
            "max_over_time(history_of('limit', {'volume_id': 'vol-0b'}).last(duration('5m')))"
                + " == 0.0"));
    assertEquals(
        Outcome.unknown("no series of limit matches {device=\"nvme1n1\", volume_id=\"vol-0c\"}"),
        eval("max_over_time(history_of('limit', {'volume_id': 'vol-0c'})) == 1.0"));
  }
}
