package io.kshealth.core.http.page;

import static io.kshealth.core.http.page.Html.escape;

import io.kshealth.core.health.AlertReason;
import io.kshealth.core.health.AreaVerdict;
import io.kshealth.core.health.HealthVerdict;
import io.kshealth.core.health.Level;
import io.kshealth.core.probe.ProbeAnswer;
import io.kshealth.core.schedule.CollectorStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The status page's HTML, from one {@link PageView}: verdicts, probes, trends, alerts and the
 * agent's own state, top to bottom in the order a person on call reads them. Every text from the
 * verdict, the alerts and the collectors is escaped; runbook links only when http or https.
 */
final class PageRenderer {

  /** Alerts listed at most; the rest are counted, so a storm cannot make the page huge. */
  static final int MAX_ALERTS = 50;

  /** The endpoints listed in the footer. */
  static final List<String> ENDPOINTS =
      List.of(
          "/api/v1/health",
          "/probe/app/ready",
          "/probe/app/live",
          "/api/v1/status",
          "/metrics",
          "/healthz",
          "/readyz");

  private static final String STYLE =
      """
      body{font:15px/1.4 system-ui,sans-serif;margin:0 auto;padding:8px 12px;max-width:1000px;\
      color:#222;background:#fafafa;overflow-wrap:anywhere}
      h1{font-size:22px;margin:4px 0}h2{font-size:17px;margin:18px 0 6px}h3{font-size:15px;margin:0}
      .lvl-ok{--c:#2e7d32}.lvl-warning{--c:#e69500}.lvl-critical{--c:#c62828}
      .lvl-unknown{--c:#757575}.lvl-not_applicable{--c:#bdbdbd}
      .level{display:inline-block;padding:0 8px;border-radius:9px;color:#fff;background:var(--c)}
      .verdict{border-left:8px solid var(--c);padding:4px 10px;background:#fff}
      .areas{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:8px}
      .area{background:#fff;border-left:6px solid var(--c);padding:6px 10px}
      .area ul{margin:4px 0;padding-left:18px}.facts{margin:4px 0;font-size:13px}
      .facts dt{display:inline;color:#666}.facts dd{display:inline;margin:0 10px 0 4px}
      .trend{display:flex;flex-wrap:wrap;align-items:center;gap:8px;background:#fff;\
      padding:4px 10px;margin:4px 0}
      .trend .name{width:150px}.trend .latest{font-weight:bold}.nodata{color:#888}
      svg.spark{fill:none;stroke:#1565c0;stroke-width:1.5;max-width:100%;height:40px}
      svg.spark circle{fill:#1565c0;stroke:none}
      .alerts li{margin:4px 0}.firing{color:#c62828}.pending{color:#e69500}
      .evidence{margin:2px 0 6px 12px;font-size:13px;color:#333}.evidence dt{font-weight:bold}
      .evidence dd{margin:0 0 2px 8px;font-family:monospace;white-space:pre-wrap;word-break:break-all}
      .small{font-size:13px;color:#555}a{color:#1565c0}
      footer{margin:20px 0 8px;font-size:13px}footer a{margin-right:10px}
      @media (max-width:600px){.areas{grid-template-columns:1fr}.trend .name{width:100%}}
      """;

  private PageRenderer() {}

  static String render(PageView view) {
    HealthVerdict verdict = view.verdict();
    StringBuilder out = new StringBuilder(16 * 1024);
    out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"10\">")
        // An empty icon, so a browser does not ask for /favicon.ico and log its 404.
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<title>kshealth: ")
        .append(verdict.overall().label())
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>");
    out.append("<header class=\"verdict ")
        .append(levelClass(verdict.overall()))
        .append("\" data-overall=\"")
        .append(verdict.overall().label())
        .append("\"><h1>kshealth ")
        .append(level(verdict.overall()))
        .append("</h1><div class=\"small\">at ")
        .append(Instant.ofEpochMilli(verdict.atMillis()).truncatedTo(ChronoUnit.SECONDS))
        .append("; refreshes every 10 s</div></header>");
    probes(out, view.ready(), view.live());
    out.append("<h2>Areas</h2><div class=\"areas\">");
    verdict.areas().forEach(area -> area(out, area));
    out.append("</div>");
    trends(out, view.trends());
    alerts(out, verdict);
    agent(out, view, verdict.atMillis());
    out.append("<footer>");
    ENDPOINTS.forEach(
        p -> out.append("<a href=\"").append(p).append("\">").append(p).append("</a>"));
    out.append("</footer></body></html>\n");
    return out.toString();
  }

  private static void probes(StringBuilder out, ProbeAnswer ready, ProbeAnswer live) {
    out.append("<h2>App probes</h2><ul class=\"probes\">");
    probe(out, "ready", ready);
    probe(out, "live", live);
    out.append("</ul>");
  }

  private static void probe(StringBuilder out, String name, ProbeAnswer answer) {
    Level level = answer.passes() ? Level.OK : Level.CRITICAL;
    out.append("<li class=\"")
        .append(levelClass(level))
        .append("\" data-probe=\"")
        .append(name)
        .append("\">")
        .append(name)
        .append(" <span class=\"level\">")
        .append(answer.status())
        .append("</span> ")
        .append(escape(answer.reason()))
        .append("</li>");
  }

  private static void area(StringBuilder out, AreaVerdict area) {
    out.append("<div class=\"area ")
        .append(levelClass(area.level()))
        .append("\" data-area=\"")
        .append(area.area().label())
        .append("\"><h3>")
        .append(area.area().label())
        .append(' ')
        .append(level(area.level()))
        .append("</h3>");
    if (!area.reasons().isEmpty()) {
      out.append("<ul>");
      area.reasons().forEach(r -> out.append("<li>").append(escape(r)).append("</li>"));
      out.append("</ul>");
    }
    List<String> facts = new ArrayList<>();
    for (Map.Entry<String, @Nullable Object> fact : area.facts().entrySet()) {
      if (fact.getValue() != null) {
        facts.add(
            "<dt>"
                + escape(FactText.name(fact.getKey()))
                + "</dt><dd>"
                + escape(FactText.value(fact.getKey(), fact.getValue()))
                + "</dd>");
      }
    }
    if (!facts.isEmpty()) {
      out.append("<dl class=\"facts\">").append(String.join("", facts)).append("</dl>");
    }
    out.append("</div>");
  }

  private static void trends(StringBuilder out, List<Optional<Trend>> trends) {
    out.append("<h2>Trends</h2>");
    for (int i = 0; i < KeySeries.ALL.size(); i++) {
      KeySeries series = KeySeries.ALL.get(i);
      Optional<Trend> trend = i < trends.size() ? trends.get(i) : Optional.empty();
      out.append("<div class=\"trend\" data-series=\"")
          .append(escape(trend.map(Trend::metric).orElse(series.metrics().get(0))))
          .append("\"><span class=\"name\">")
          .append(escape(series.title()))
          .append(
              trend.filter(t -> !t.metric().equals(series.metrics().get(0))).isPresent()
                  ? " (forecast)"
                  : "")
          .append("</span>");
      if (trend.isPresent()) {
        Trend t = trend.get();
        out.append(Sparkline.svg(t.times(), t.values(), series.title()))
            .append("<span class=\"latest\">")
            .append(escape(HumanUnits.byName(t.metric(), t.latest())))
            .append("</span>");
      } else {
        out.append("<span class=\"nodata\">no data</span>");
      }
      out.append("</div>");
    }
  }

  private static void alerts(StringBuilder out, HealthVerdict verdict) {
    List<AlertReason> all = new ArrayList<>();
    verdict.areas().forEach(a -> all.addAll(a.alerts()));
    all.addAll(verdict.unplaced());
    all.sort(Comparator.comparing((AlertReason a) -> !a.firing()));
    long firing = all.stream().filter(AlertReason::firing).count();
    out.append("<h2>Alerts: ")
        .append(firing)
        .append(" firing, ")
        .append(all.size() - firing)
        .append(" pending</h2><ul class=\"alerts\">");
    for (AlertReason alert : all.subList(0, Math.min(all.size(), MAX_ALERTS))) {
      String state = alert.firing() ? "firing" : "pending";
      out.append("<li class=\"")
          .append(state)
          .append("\"><b>")
          .append(escape(alert.name()))
          .append("</b> ")
          .append(escape(alert.severity()))
          .append(' ')
          .append(state)
          .append(" for ")
          .append(HumanUnits.seconds((verdict.atMillis() - alert.sinceMillis()) / 1000.0))
          .append(": <span class=\"summary\">")
          .append(escape(alert.summary()))
          .append("</span>");
      Html.safeHref(alert.runbookUrl())
          .ifPresent(
              url ->
                  out.append(" <a rel=\"noreferrer\" href=\"")
                      .append(escape(url))
                      .append("\">runbook</a>"));
      evidence(out, alert);
      out.append("</li>");
    }
    out.append("</ul>");
    if (all.size() > MAX_ALERTS) {
      out.append("<p class=\"small\">and ")
          .append(all.size() - MAX_ALERTS)
          .append(" more (all in /api/v1/health)</p>");
    }
  }

  /** Where the alert is stuck, as captured (docs/evidence.md): each text as written, escaped. */
  private static void evidence(StringBuilder out, AlertReason alert) {
    if (alert.evidence().isEmpty()) {
      return;
    }
    out.append("<dl class=\"evidence\">");
    new java.util.TreeMap<>(alert.evidence())
        .forEach(
            (name, text) ->
                out.append("<dt>")
                    .append(escape(name.replace('_', ' ')))
                    .append("</dt><dd>")
                    .append(escape(text))
                    .append("</dd>"));
    out.append("</dl>");
  }

  private static void agent(StringBuilder out, PageView view, long nowMillis) {
    List<CollectorStatus> collectors = view.collectors();
    long failing = collectors.stream().filter(c -> c.up().equals(Optional.of(false))).count();
    out.append("<h2>Agent</h2><p class=\"small\">kshealth ")
        .append(escape(view.version()))
        .append(", up ")
        .append(HumanUnits.seconds((nowMillis - view.startedMillis()) / 1000.0))
        .append(", ")
        .append(collectors.size())
        .append(" collectors, ")
        .append(failing)
        .append(" failing</p><ul class=\"small\">");
    for (CollectorStatus c : collectors) {
      String state = c.up().map(up -> up ? "up" : "failing").orElse("waiting for its first run");
      out.append("<li>")
          .append(escape(c.name()))
          .append(" (")
          .append(escape(c.type()))
          .append("): ")
          .append(state);
      if (c.up().equals(Optional.of(false))) {
        c.lastError().ifPresent(e -> out.append(": ").append(escape(e)));
      }
      out.append("</li>");
    }
    out.append("</ul>");
  }

  private static String levelClass(Level level) {
    return "lvl-" + level.label();
  }

  private static String level(Level level) {
    return "<span class=\"level\">" + level.label() + "</span>";
  }
}
