package io.kshealth.demo.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sample as Prometheus' text format or {@code kshealth once} prints it: {@code
 * name{label="value",...} 12.5}: how the demo and the tests read the agent's metrics and another
 * exporter's.
 */
public record Series(String name, Map<String, String> labels, double value) {

  /** A sample line; {@code once} indents it and may add a human form in parentheses. */
  private static final Pattern LINE =
      Pattern.compile("^\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)(\\s+\\(.*\\))?$");

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Every sample line of {@code text}; comments and other lines are skipped. */
  public static List<Series> parse(String text) {
    List<Series> series = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher label = LABEL.matcher(m.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      try {
        series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
      } catch (NumberFormatException notASample) {
        // a table row of `once` that happens to look like a sample
      }
    }
    return series;
  }

  /** Whether every label in {@code match} has that value here. */
  public boolean has(Map<String, String> match) {
    return labels.entrySet().containsAll(match.entrySet());
  }

  /** The sum of {@code name}'s samples whose labels include {@code match}; fails if none. */
  public static double sum(List<Series> all, String name, Map<String, String> match) {
    List<Series> found = all.stream().filter(s -> s.name().equals(name) && s.has(match)).toList();
    if (found.isEmpty()) {
      throw new AssertionError("no " + name + match + " among " + all.size() + " samples");
    }
    return found.stream().mapToDouble(Series::value).sum();
  }
}
