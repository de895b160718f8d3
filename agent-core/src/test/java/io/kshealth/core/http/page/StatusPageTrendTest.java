package io.kshealth.core.http.page;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Key series read from history points and drawn as sparklines. */
class StatusPageTrendTest {

  private static final KeySeries LAG = KeySeries.ALL.get(0);
  private static final KeySeries RECORDS = KeySeries.ALL.get(1);
  private static final KeySeries HEADROOM = KeySeries.ALL.get(3);
  private static final KeySeries BURST = KeySeries.ALL.get(5);

  @Test
  void aFlatSeriesIsDrawnAcrossTheMiddle() {
    Trend t = trend(LAG, series(Labels.EMPTY, new long[] {0, 10, 20}, new double[] {5, 5, 5}));
    List<double[]> points = points(svg(t));
    assertEquals(3, points.size());
    assertEquals(3.0, points.get(0)[0]);
    assertEquals(Sparkline.WIDTH - 3.0, points.get(2)[0]);
    points.forEach(p -> assertEquals(Sparkline.HEIGHT / 2.0, p[1]));
  }

  @Test
  void valuesAreScaledToTheBoxHighestAtTheTop() {
    Trend t = trend(LAG, series(Labels.EMPTY, new long[] {0, 10, 20}, new double[] {0, 50, 100}));
    List<double[]> points = points(svg(t));
    assertEquals(Sparkline.HEIGHT - 3.0, points.get(0)[1]);
    assertEquals(Sparkline.HEIGHT / 2.0, points.get(1)[1]);
    assertEquals(3.0, points.get(2)[1]);
    assertEquals(Sparkline.WIDTH / 2.0, points.get(1)[0]);
  }

  @Test
  void nonFiniteValuesAreLeftOut() {
    double[] values = {1, Double.NaN, Double.POSITIVE_INFINITY, 3, Double.NEGATIVE_INFINITY};
    Trend t = trend(LAG, series(Labels.EMPTY, new long[] {0, 1, 2, 3, 4}, values));
    assertArrayEquals(new double[] {1, 3}, t.values());
    assertEquals(3, t.latest());
    String svg = svg(t);
    assertTrue(!svg.contains("NaN") && !svg.contains("Infinity"), svg);
    assertEquals(2, points(svg).size());

    Map<Labels, SeriesPoints> allNaN =
        series(Labels.EMPTY, new long[] {0, 1}, new double[] {Double.NaN, Double.NaN});
    assertEquals(Optional.empty(), Trend.read(LAG, LAG.metrics().get(0), allNaN));
    assertEquals(Optional.empty(), Trend.read(LAG, LAG.metrics().get(0), Map.of()));
  }

  @Test
  void aSinglePointIsADotAtTheRight() {
    Trend t = trend(LAG, series(Labels.EMPTY, new long[] {7}, new double[] {2}));
    String svg = svg(t);
    assertEquals(1, points(svg).size());
    assertTrue(svg.contains("<circle cx=\"237.0\" cy=\"20.0\""), svg);
  }

  /** A day of points at 10 s becomes at most 120, and a short spike survives. */
  @Test
  void longHistoriesAreDownsampledKeepingTheWorstValue() {
    int n = 8640;
    long[] times = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = i * 10_000L;
      values[i] = i == 4000 ? 900 : 1;
    }
    Trend t = trend(LAG, series(Labels.EMPTY, times, values));
    assertEquals(Trend.MAX_POINTS, t.values().length);
    assertEquals(900, java.util.Arrays.stream(t.values()).max().orElseThrow());

    Trend headroom = trend(HEADROOM, series(Labels.EMPTY, times, negate(values)));
    assertEquals(-900, java.util.Arrays.stream(headroom.values()).min().orElseThrow());
  }

  @Test
  void labelSetsCombineBySumOrWorst() {
    Map<Labels, SeriesPoints> byGroup = new LinkedHashMap<>();
    byGroup.putAll(series(Labels.of("group", "a"), new long[] {0, 10}, new double[] {1, 2}));
    byGroup.putAll(series(Labels.of("group", "b"), new long[] {0, 10}, new double[] {10, 20}));
    assertArrayEquals(new double[] {11, 22}, trend(RECORDS, byGroup).values());
    assertEquals(22, trend(RECORDS, byGroup).latest());
    assertArrayEquals(new double[] {1, 2}, trend(HEADROOM, byGroup).values());
    assertArrayEquals(new double[] {10, 20}, trend(LAG, byGroup).values());
  }

  @Test
  void burstCreditsFallBackToTheirForecast() {
    Map<String, Map<Labels, SeriesPoints>> history =
        Map.of(
            "kshealth_ebs_burst_balance_estimate_ratio",
            series(Labels.EMPTY, new long[] {0}, new double[] {0.4}));
    Trend t = Trend.read(BURST, name -> history.getOrDefault(name, Map.of())).orElseThrow();
    assertEquals("kshealth_ebs_burst_balance_estimate_ratio", t.metric());
  }

  private static double[] negate(double[] values) {
    return java.util.Arrays.stream(values).map(v -> -v).toArray();
  }

  private static Trend trend(KeySeries series, Map<Labels, SeriesPoints> byLabels) {
    return Trend.read(series, series.metrics().get(0), byLabels).orElseThrow();
  }

  private static Map<Labels, SeriesPoints> series(Labels labels, long[] times, double[] values) {
    return Map.of(labels, new SeriesPoints(times, values));
  }

  private static String svg(Trend t) {
    return Sparkline.svg(t.times(), t.values(), "test");
  }

  private static List<double[]> points(String svg) {
    Matcher m = Pattern.compile("points=\"([^\"]*)\"").matcher(svg);
    assertTrue(m.find(), svg);
    List<double[]> points = new ArrayList<>();
    for (String pair : m.group(1).split(" ")) {
      String[] xy = pair.split(",");
      points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
    }
    return points;
  }
}
