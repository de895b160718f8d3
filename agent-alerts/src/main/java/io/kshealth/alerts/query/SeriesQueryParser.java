package io.kshealth.alerts.query;

import io.kshealth.alerts.query.SeriesQuery.Aggregation;
import io.kshealth.alerts.query.SeriesQuery.Comparison;
import io.kshealth.core.config.Units;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link SeriesQuery}'s grammar left to right, without recursion: the grammar has one level,
 * so no input can nest the parser deeper than that, and anything nested further (a second
 * aggregation, parentheses) is an error naming the character it starts at. Errors are {@link
 * IllegalArgumentException}s whose message says where ("at character 12") and what was expected.
 */
final class SeriesQueryParser {

  /** The longest {@code series:} read: a selector of a few labels is far shorter. */
  static final int MAX_LENGTH = 2048;

  /** The largest k of {@code topk}/{@code bottomk}: each kept member is an alert instance. */
  static final int MAX_K = 10_000;

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|(?i:inf|nan))");
  private static final Pattern COMPARISON = Pattern.compile("==|!=|>=|<=|>|<");

  private final String text;
  private int at;

  private SeriesQueryParser(String text) {
    this.text = text;
  }

  static SeriesQuery parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "longer than " + MAX_LENGTH + " characters (" + text.length() + ")");
    }
    return new SeriesQueryParser(text).query();
  }

  private SeriesQuery query() {
    int start = skipSpace();
    String name = match(NAME, "a metric name, a function or an aggregation");
    Optional<AggregationOp> op = AggregationOp.named(name);
    if (op.isPresent() && (next("(") || nextWord("by") || nextWord("without"))) {
      return aggregation(op.get());
    }
    at = start;
    SeriesQuery inner = filter(null);
    end();
    return inner;
  }

  private SeriesQuery aggregation(AggregationOp op) {
    Grouping grouping = grouping(null);
    expect("(");
    double parameter = Double.NaN;
    if (op.takesParameter()) {
      int where = skipSpace();
      parameter = number();
      check(op, parameter, where);
      expect(",");
    }
    SeriesQuery inner = filter(op);
    expect(")");
    grouping = grouping(grouping);
    end();
    Grouping g = grouping == null ? new Grouping(false, List.of()) : grouping;
    return new SeriesQuery(
        inner.selector(),
        inner.function(),
        inner.range(),
        inner.filter(),
        new Aggregation(op, parameter, g.without, g.labels),
        text);
  }

  private void check(AggregationOp op, double parameter, int where) {
    if (op == AggregationOp.QUANTILE && !(parameter >= 0 && parameter <= 1)) {
      throw error(where, "quantile's φ must be between 0 and 1, not " + text(where));
    }
    if (op.keepsMembers()
        && !(parameter >= 1 && parameter <= MAX_K && parameter == (int) parameter)) {
      throw error(
          where,
          op.promql() + "'s k must be a whole number from 1 to " + MAX_K + ", not " + text(where));
    }
  }

  /** {@code by (a, b)} or {@code without (a)}, if next; {@code before} is one already read. */
  private @Nullable Grouping grouping(@Nullable Grouping before) {
    int where = skipSpace();
    boolean by = nextWord("by");
    if (!by && !nextWord("without")) {
      return before;
    }
    if (before != null) {
      throw error(where, "the grouping is given twice: once before the parentheses, once after");
    }
    at += by ? 2 : 7;
    expect("(");
    List<String> labels = new ArrayList<>();
    while (!next(")")) {
      labels.add(match(LABEL, "a label name or ')'"));
      if (!next(")")) {
        expect(",");
      }
    }
    expect(")");
    return new Grouping(!by, labels);
  }

  private record Grouping(boolean without, List<String> labels) {}

  /** {@code inner [comparison number]}; {@code within} is the aggregation around it, or null. */
  private SeriesQuery filter(@Nullable AggregationOp within) {
    int start = skipSpace();
    String name = match(NAME, "a metric name or a function");
    RangeFunction function = null;
    Duration range = Duration.ZERO;
    SeriesSelector selector;
    if (next("(")) {
      function = function(name, start, within);
      expect("(");
      int inner = skipSpace();
      Matcher nested = at(NAME);
      if (nested != null && text.startsWith("(", nested.end())) {
        throw error(
            inner,
            "functions do not nest ("
                + name
                + " of "
                + nested.group()
                + "): a second level is for a recording rule");
      }
      selector = selector();
      expect("[");
      range = duration();
      expect(")");
    } else {
      at = start;
      selector = selector();
      if (next("[")) {
        throw error(
            skipSpace(),
            "a range selector needs a function around it, such as rate(" + name + "[5m])");
      }
    }
    Comparison filter = null;
    Matcher cmp = at(COMPARISON);
    if (cmp != null) {
      at = cmp.end();
      skipSpace();
      if (nextWord("bool")) {
        throw error(at, "'bool' is not supported: a comparison here filters series");
      }
      filter = new Comparison(cmp.group(), number());
    }
    return new SeriesQuery(selector, function, range, filter, null, text);
  }

  private RangeFunction function(String name, int where, @Nullable AggregationOp within) {
    Optional<RangeFunction> function = RangeFunction.named(name);
    if (function.isPresent()) {
      return function.get();
    }
    if (AggregationOp.named(name).isPresent()) {
      throw error(
          where,
          within == null
              ? "an aggregation goes around the rest: " + name + "(...) first"
              : "aggregations do not nest ("
                  + within.promql()
                  + " of "
                  + name
                  + "): a second"
                  + " level is for a recording rule");
    }
    throw error(
        where,
        "unknown function '"
            + name
            + "'; the functions are "
            + RangeFunction.names()
            + ", and the aggregations "
            + AggregationOp.names());
  }

  /** {@code name} or {@code name{...}}, its braces read to the closing one outside quotes. */
  private SeriesSelector selector() {
    int start = skipSpace();
    match(NAME, "a metric name");
    skipSpace();
    if (text.startsWith("{", at)) {
      boolean quoted = false;
      int i = at + 1;
      for (; i < text.length() && (quoted || text.charAt(i) != '}'); i++) {
        char c = text.charAt(i);
        if (c == '\\' && quoted) {
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        }
      }
      if (i >= text.length()) {
        throw error(at, "the '{' here is never closed");
      }
      at = i + 1;
    }
    try {
      return SeriesSelector.parse(text.substring(start, at));
    } catch (IllegalArgumentException e) {
      throw error(start, String.valueOf(e.getMessage()));
    }
  }

  /** A range's duration, then its ']'. */
  private Duration duration() {
    int start = skipSpace();
    int close = text.indexOf(']', start);
    if (close < 0) {
      throw error(start, "the '[' before here is never closed");
    }
    String written = text.substring(start, close).strip();
    Duration d;
    try {
      d = Units.parseDuration(written);
    } catch (IllegalArgumentException e) {
      throw error(start, "bad range '" + written + "': " + e.getMessage());
    }
    if (d.isZero()) {
      throw error(start, "a range must be longer than 0s");
    }
    at = close + 1;
    return d;
  }

  private double number() {
    int where = skipSpace();
    Matcher m = at(NUMBER);
    if (m == null) {
      throw error(where, "expected a number, got " + text(where));
    }
    at = m.end();
    return Double.parseDouble(
        m.group()
            .toLowerCase(java.util.Locale.ROOT)
            .replace("inf", "Infinity")
            .replace("nan", "NaN"));
  }

  private String match(Pattern p, String expected) {
    int where = skipSpace();
    Matcher m = at(p);
    if (m == null) {
      throw error(where, "expected " + expected + ", got " + text(where));
    }
    at = m.end();
    return m.group();
  }

  private @Nullable Matcher at(Pattern p) {
    skipSpace();
    Matcher m = p.matcher(text).region(at, text.length());
    return m.lookingAt() ? m : null;
  }

  private void expect(String s) {
    int where = skipSpace();
    if (!text.startsWith(s, at)) {
      throw error(where, "expected '" + s + "', got " + text(where));
    }
    at += s.length();
  }

  private boolean next(String s) {
    skipSpace();
    return text.startsWith(s, at);
  }

  /** {@code word} next, as a whole word. */
  private boolean nextWord(String word) {
    skipSpace();
    int after = at + word.length();
    return text.startsWith(word, at)
        && (after == text.length()
            || !Character.isLetterOrDigit(text.charAt(after)) && text.charAt(after) != '_');
  }

  private void end() {
    int where = skipSpace();
    if (where < text.length()) {
      throw error(
          where,
          "unexpected "
              + text(where)
              + (text.charAt(where) == '(' || text.charAt(where) == ')'
                  ? " (one level of aggregation, no parentheses of its own)"
                  : "; compare in 'expr', filter inside the aggregation"));
    }
  }

  private int skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    return at;
  }

  /** What is at {@code where}, quoted and cut short, for a message. */
  private String text(int where) {
    if (where >= text.length()) {
      return "the end";
    }
    String rest = text.substring(where);
    return "'" + (rest.length() > 20 ? rest.substring(0, 20) + "…" : rest) + "'";
  }

  private static IllegalArgumentException error(int where, String message) {
    return new IllegalArgumentException("at character " + (where + 1) + ": " + message);
  }
}
