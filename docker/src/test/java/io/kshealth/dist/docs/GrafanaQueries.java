package io.kshealth.dist.docs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Grafana panel's PromQL as Prometheus would see it, and the metric names it reads. Grafana
 * replaces its variables before it sends a query; this does the same with fixed values, so that
 * promtool can parse the query. The table is written out in docs/dashboards.md: keep both alike.
 *
 * <p>Example: {@code rate(x{instance=~"$instance"}[$__rate_interval])} becomes {@code
 * rate(x{instance=~".*"}[1m])}.
 */
final class GrafanaQueries {

  /** Grafana's built-in variables and the value each gets here (what a 15 s scrape would get). */
  static final Map<String, String> BUILT_INS = builtIns();

  /**
   * The dashboards' own variables: allowed only inside a regex matcher ({@code =~"$instance"}),
   * where "every value" is {@code .*}, which is also the variables' "All" value.
   */
  static final Set<String> REGEX_VARIABLES = Set.of("$application_id", "$instance");

  private static final Pattern REGEX_MATCHER_VALUE = Pattern.compile("=~\"[^\"]*\"");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern NAME =
      Pattern.compile("(?<![a-zA-Z0-9_:.])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "offset",
          "bool",
          "inf",
          "nan");

  private GrafanaQueries() {}

  private static Map<String, String> builtIns() {
    Map<String, String> table = new LinkedHashMap<>();
    table.put("$__rate_interval", "1m");
    table.put("$__interval", "15s");
    table.put("$__range", "1h");
    return table;
  }

  /** The variables the query uses that are neither built in nor inside a regex matcher. */
  static List<String> misplacedVariables(String query) {
    String outsideMatchers = REGEX_MATCHER_VALUE.matcher(query).replaceAll("\"\"");
    return VARIABLE
        .matcher(outsideMatchers)
        .results()
        .map(MatchResult::group)
        .filter(v -> !BUILT_INS.containsKey(v))
        .toList();
  }

  /** The variables the query uses, built-in or not. */
  static Set<String> variables(String query) {
    Set<String> used = new TreeSet<>();
    VARIABLE.matcher(query).results().forEach(m -> used.add(m.group()));
    return used;
  }

  /** The query with every variable replaced: built-ins from the table, the others by {@code .*}. */
  static String substituted(String query) {
    String result = query;
    for (Map.Entry<String, String> e : BUILT_INS.entrySet()) {
      result = result.replace(e.getKey(), e.getValue());
    }
    for (String variable : REGEX_VARIABLES) {
      result = result.replace(variable, ".*");
    }
    return result;
  }

  /**
   * The metric names a query reads: the identifiers left once strings, label matchers, ranges,
   * label lists ({@code by (…)}, {@code on (…)}), function names and keywords are taken out.
   */
  static Set<String> metricNames(String query) {
    String bare = STRING.matcher(query).replaceAll("\"\"");
    bare = BRACES.matcher(bare).replaceAll(" ");
    bare = RANGE.matcher(bare).replaceAll(" ");
    bare = LABEL_LIST.matcher(bare).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(bare);
    while (m.find()) {
      if (!KEYWORDS.contains(m.group().toLowerCase(Locale.ROOT))) {
        names.add(m.group());
      }
    }
    return names;
  }
}
