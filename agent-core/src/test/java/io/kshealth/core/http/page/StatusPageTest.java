package io.kshealth.core.http.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.health.AlertReason;
import io.kshealth.core.health.Area;
import io.kshealth.core.health.AreaVerdict;
import io.kshealth.core.health.HealthVerdict;
import io.kshealth.core.health.Level;
import io.kshealth.core.probe.ProbeAnswer;
import io.kshealth.core.schedule.CollectorStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The page's HTML from a made-up verdict: what a person reads, and what hostile text cannot do. */
class StatusPageTest {

  private static final long NOW = 1_800_000_000_000L;
  private static final String HOSTILE =
      "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";

  @Test
  void showsEachAreasVerdictInWordsWithItsReasonsAndHumanFacts() {
    Map<String, @Nullable Object> lag = new LinkedHashMap<>();
    lag.put("status", "OK");
    lag.put("time_lag_seconds", 125.0);
    lag.put("records_lag", 42.0);
    lag.put("missing", null);
    lag.put("seconds_to_full", 90000.0);
    lag.put("poll_interval_ratio_max", 0.05);
    Map<String, @Nullable Object> memory = new LinkedHashMap<>();
    memory.put("headroom_ratio", 0.25);
    memory.put("rocksdb_memory_bytes", 3.5 * 1024 * 1024);
    Map<String, @Nullable Object> streams = new LinkedHashMap<>();
    streams.put(
        "clients",
        List.of(
            Map.of(
                "client_id", "app-1",
                "state", "RUNNING",
                "state_seconds", 300.0,
                "threads_alive", 2.0,
                "threads_expected", 2.0)));
    String html =
        render(
            List.of(
                area(Area.STREAMS, Level.OK, List.of(), streams),
                area(Area.LAG, Level.WARNING, List.of("TimeLagHigh fires"), lag),
                area(Area.MEMORY, Level.CRITICAL, List.of(), memory),
                area(Area.EBS, Level.NOT_APPLICABLE, List.of("not on EC2"), Map.of()),
                area(Area.HOST, Level.UNKNOWN, List.of("collector failing"), Map.of())),
            List.of());

    assertTrue(html.contains("data-overall=\"critical\""), html);
    assertTrue(html.contains("<title>kshealth: critical</title>"));
    assertTrue(
        html.contains(
            "data-area=\"lag\"><h3>lag <span class=\"level\">warning</span></h3>"
                + "<ul><li>TimeLagHigh fires</li></ul>"));
    assertTrue(html.contains("<dt>time lag</dt><dd>2m 05s</dd>"));
    assertTrue(html.contains("<dt>records lag</dt><dd>42</dd>"));
    assertFalse(html.contains("missing"), "a fact without a value is left out");
    assertTrue(html.contains("<dt>seconds to full</dt><dd>1d 01h</dd>"));
    assertTrue(html.contains("<dt>poll interval ratio max</dt><dd>5.0%</dd>"));
    assertTrue(html.contains("<dt>headroom</dt><dd>25.0%</dd>"));
    assertTrue(html.contains("<dt>rocksdb memory</dt><dd>3.5 MiB</dd>"));
    assertTrue(html.contains("app-1: RUNNING for 5m 00s, threads 2/2"));
    assertTrue(html.contains("class=\"area lvl-not_applicable\" data-area=\"ebs\""));
    assertTrue(html.contains("class=\"area lvl-unknown\" data-area=\"host\""));
    assertTrue(html.contains("data-probe=\"ready\">ready <span class=\"level\">200</span>"));
    assertTrue(html.contains("data-probe=\"live\">live <span class=\"level\">503</span> stalled"));
    assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"10\">"));
    assertTrue(html.contains("name=\"viewport\""));
    assertTrue(html.contains("<a href=\"/api/v1/health\">/api/v1/health</a>"));
    assertFalse(html.contains("<script"), "the page runs no script");
    assertFalse(
        html.contains(" src=") || html.contains("http://") || html.contains("https://"),
        "no external asset");
  }

  /** Key series without points are words, not empty drawings. */
  @Test
  void aSeriesWithoutPointsIsNoDataTextNotASparkline() {
    List<Optional<Trend>> trends = new ArrayList<>();
    KeySeries.ALL.forEach(s -> trends.add(Optional.empty()));
    KeySeries lagSeries = KeySeries.ALL.get(0);
    trends.set(
        0,
        Optional.of(
            new Trend(
                lagSeries, "kshealth_lag_max_seconds", new long[] {1, 2}, new double[] {3, 4}, 4)));
    KeySeries burst = KeySeries.ALL.get(5);
    trends.set(
        5,
        Optional.of(
            new Trend(
                burst,
                "kshealth_ebs_burst_balance_estimate_ratio",
                new long[] {1},
                new double[] {0.5},
                0.5)));
    String html = PageRenderer.render(view(List.of(), List.of(), trends));

    assertEquals(2, count(html, "<svg class=\"spark\""));
    assertEquals(KeySeries.ALL.size() - 2, count(html, "<span class=\"nodata\">no data</span>"));
    assertTrue(html.contains("<span class=\"latest\">4.0 s</span>"));
    assertTrue(html.contains("burst credits (forecast)"));
    assertTrue(html.contains("<span class=\"latest\">50.0%</span>"));
  }

  @Test
  void hostileAlertTextIsEscapedAndOnlyHttpRunbooksBecomeLinks() {
    List<AlertReason> alerts =
        List.of(
            alert(HOSTILE, HOSTILE, "javascript:alert(document.cookie)", true),
            alert("JsUpper", "s", " JaVaScRiPt:alert(1)", true),
            alert("DataUrl", "s", "data:text/html,<script>alert(1)</script>", false),
            alert("Quoted", "s", "https://runbooks.example/a\"onmouseover=\"alert(1)", false),
            alert("Good", "fine", "https://runbooks.example/lag#time", false));
    AreaVerdict lag =
        new AreaVerdict(
            Area.LAG, Level.CRITICAL, List.of(HOSTILE), alerts, Map.of(HOSTILE, HOSTILE));
    String html = PageRenderer.render(view(List.of(lag), List.of(), emptyTrends()));

    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("<img"), html);
    assertFalse(html.toLowerCase().contains("javascript:alert(1)\""));
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img"));
    List<String> hrefs = new ArrayList<>();
    Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (m.find()) {
      hrefs.add(m.group(1));
    }
    List<String> external = hrefs.stream().filter(h -> !h.startsWith("/")).toList();
    assertEquals(List.of("data:,", "https://runbooks.example/lag#time"), external, html);
    assertTrue(html.contains("Alerts: 2 firing, 3 pending"));
    assertTrue(
        html.indexOf("<b>JsUpper</b>") < html.indexOf("<b>Quoted</b>"), "firing listed first");
  }

  /**
   * An alert's evidence (docs/evidence.md) shows under it, each text as captured and escaped: a
   * thread name or a header name comes from the watched app, not from the agent.
   */
  @Test
  void anAlertsEvidenceShowsUnderItEscaped() {
    AlertReason stalled =
        new AlertReason(
            "KafkaStreamsLagStalled",
            "lag",
            "critical",
            true,
            "stalled",
            "https://runbooks.example/lag",
            NOW - 60_000,
            Map.of("group", "app"),
            Map.of(
                "stuck_thread",
                "app-1-StreamThread-1 WAITING in com.example.Proc.process(Proc.java:42)",
                "stopped_at",
                "events-3 @ 1234 (end 1300, headers [" + HOSTILE + "])"));
    AreaVerdict lag =
        new AreaVerdict(Area.LAG, Level.CRITICAL, List.of(), List.of(stalled), Map.of());
    String html = PageRenderer.render(view(List.of(lag), List.of(), emptyTrends()));

    assertTrue(html.contains("<dt>stuck thread</dt><dd>app-1-StreamThread-1 WAITING in"), html);
    assertTrue(html.contains("<dt>stopped at</dt><dd>events-3 @ 1234 (end 1300"), html);
    assertFalse(html.contains("<script"), html);
    assertTrue(html.contains("&lt;script&gt;"), html);
  }

  @Test
  void hostileCollectorErrorsAreEscaped() {
    CollectorStatus failing =
        new CollectorStatus(
            HOSTILE,
            "streams",
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            true,
            Optional.of(false),
            false,
            3,
            3,
            3,
            NOW,
            0.1,
            0,
            NOW,
            Optional.of(HOSTILE),
            Optional.empty());
    String html = PageRenderer.render(view(List.of(), List.of(failing), emptyTrends()));
    assertFalse(html.contains("<script"));
    assertTrue(html.contains("1 collectors, 1 failing"));
    assertTrue(html.contains("failing: &lt;script&gt;"));
  }

  /** An alert storm lists 50 and counts the rest, so the page stays small. */
  @Test
  void manyAlertsAreCappedAndThePageStaysSmall() {
    List<AlertReason> alerts = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      alerts.add(
          alert(
              "Alert" + i,
              "summary ".repeat(20) + i,
              "https://runbooks.example/" + "x".repeat(100),
              i % 2 == 0));
    }
    AreaVerdict lag = new AreaVerdict(Area.LAG, Level.CRITICAL, List.of(), alerts, Map.of());
    List<Optional<Trend>> trends = new ArrayList<>();
    for (KeySeries s : KeySeries.ALL) {
      long[] t = new long[Trend.MAX_POINTS];
      double[] v = new double[Trend.MAX_POINTS];
      for (int i = 0; i < t.length; i++) {
        t[i] = NOW + i * 1000L;
        v[i] = Math.sin(i) * 1e9;
      }
      trends.add(Optional.of(new Trend(s, s.metrics().get(0), t, v, v[v.length - 1])));
    }
    String html = PageRenderer.render(view(List.of(lag), List.of(), trends));
    int bytes = html.getBytes(StandardCharsets.UTF_8).length;

    assertEquals(PageRenderer.MAX_ALERTS, count(html, "<li class=\"firing\"><b>"));
    assertTrue(html.contains("and 4950 more"));
    assertTrue(html.contains("Alerts: 2500 firing, 2500 pending"));
    assertTrue(bytes < 40_000, "page of " + bytes + " bytes");
  }

  private static String render(List<AreaVerdict> areas, List<CollectorStatus> collectors) {
    return PageRenderer.render(view(areas, collectors, emptyTrends()));
  }

  private static List<Optional<Trend>> emptyTrends() {
    return KeySeries.ALL.stream().map(s -> Optional.<Trend>empty()).toList();
  }

  private static PageView view(
      List<AreaVerdict> areas, List<CollectorStatus> collectors, List<Optional<Trend>> trends) {
    Level overall = areas.stream().map(AreaVerdict::level).reduce(Level.OK, Level::worst);
    return new PageView(
        new HealthVerdict(overall, NOW, areas, List.of()),
        new ProbeAnswer(200, "running"),
        new ProbeAnswer(503, "stalled <for> 5m"),
        trends,
        "1.2.3",
        NOW - 3_600_000,
        collectors);
  }

  private static AreaVerdict area(
      Area area, Level level, List<String> reasons, Map<String, @Nullable Object> facts) {
    return new AreaVerdict(area, level, reasons, List.of(), facts);
  }

  private static AlertReason alert(String name, String summary, String runbook, boolean firing) {
    return new AlertReason(
        name, "lag", "critical", firing, summary, runbook, NOW - 60_000, Map.of("area", "lag"));
  }

  private static int count(String text, String part) {
    return (text.length() - text.replace(part, "").length()) / part.length();
  }
}
