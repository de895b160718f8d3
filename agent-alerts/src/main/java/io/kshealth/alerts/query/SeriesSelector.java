package io.kshealth.alerts.query;

import com.google.re2j.PatternSyntaxException;
import io.kshealth.api.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which series a rule watches, written as in PromQL: {@code name} or {@code name{label="value",
 * other!="x", store=~"counts|bytes", task!~"0_.*"}}. Regular expressions match the whole value, as
 * in Prometheus, and are RE2 expressions as there: matched by RE2J in time linear in the value's
 * length, whatever the expression, so no selector can make the rules thread spin (Java's own engine
 * backtracks: {@code (.*a){10}} against 70 {@code a}s takes hours). RE2 has no backreferences and
 * no lookaround; a selector that uses them is a load error.
 */
public record SeriesSelector(String metric, List<Matcher> matchers) {

  private static final Pattern WHOLE =
      Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?:\\{(.*)}\\s*)?", Pattern.DOTALL);
  // The quoted value is read as runs of plain characters between escapes, possessively: an
  // alternation per character would recurse once per character and overflow the stack on a long
  // value.
  private static final Pattern MATCHER =
      Pattern.compile(
          "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"\\s*(,|$)");

  public SeriesSelector {
    matchers = List.copyOf(matchers);
  }

  /**
   * One label condition.
   *
   * @param regex {@code value} compiled, for {@code =~} and {@code !~}; null for {@code =} and
   *     {@code !=}, whose value is compared as it is
   */
  public record Matcher(
      String label, String op, String value, com.google.re2j.@Nullable Pattern regex) {

    boolean test(Labels labels) {
      String actual = labels.get(label);
      actual = actual == null ? "" : actual;
      return switch (op) {
        case "=" -> actual.equals(value);
        case "!=" -> !actual.equals(value);
        case "=~" -> regexMatches(actual);
        default -> !regexMatches(actual);
      };
    }

    private boolean regexMatches(String actual) {
      return Objects.requireNonNull(regex, "=~ and !~ have a regex").matcher(actual).matches();
    }
  }

  /**
   * Parses a selector.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static SeriesSelector parse(String text) {
    java.util.regex.Matcher whole = WHOLE.matcher(text);
    if (!whole.matches()) {
      throw new IllegalArgumentException(
          "expected a metric name, optionally with {label=\"value\", ...}, got '" + text + "'");
    }
    List<Matcher> matchers = new ArrayList<>();
    String body = whole.group(2);
    if (body != null && !body.isBlank()) {
      java.util.regex.Matcher m = MATCHER.matcher(body);
      int at = 0;
      while (at < body.length()) {
        if (!m.find(at) || m.start() != at) {
          throw new IllegalArgumentException(
              "cannot read the label matcher at '" + body.substring(at).strip() + "'");
        }
        String value = unescape(m.group(3));
        com.google.re2j.Pattern regex = null;
        if (m.group(2).contains("~")) {
          try {
            regex = com.google.re2j.Pattern.compile(value);
          } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                "bad regular expression for " + m.group(1) + ": " + e.getDescription());
          }
        }
        matchers.add(new Matcher(m.group(1), m.group(2), value, regex));
        at = m.end();
        if (m.group(4).isEmpty()) {
          break;
        }
      }
    }
    return new SeriesSelector(whole.group(1), matchers);
  }

  public boolean matches(Labels labels) {
    for (Matcher m : matchers) {
      if (!m.test(labels)) {
        return false;
      }
    }
    return true;
  }

  /** The labels of a selector made only of {@code =} matchers, as a series in a test file is. */
  public Labels exactLabels() {
    Map<String, String> map = new LinkedHashMap<>();
    for (Matcher m : matchers) {
      if (!m.op().equals("=")) {
        throw new IllegalArgumentException(
            "a series needs exact labels (label=\"value\"), got " + m.label() + m.op());
      }
      map.put(m.label(), m.value());
    }
    return Labels.of(map);
  }

  private static String unescape(String s) {
    return s.replace("\\\"", "\"").replace("\\\\", "\\");
  }
}
