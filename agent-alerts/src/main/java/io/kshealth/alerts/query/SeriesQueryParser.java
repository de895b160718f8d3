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
  private static final Pattern COMPARISON = Pattern.compile("==|!=|>=|<=|>|<");

  private final QueryText in;
  private final String text;

  private SeriesQueryParser(String text) {
    this.in = new QueryText(text);
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
    int start = in.skipSpace();
    String name = in.match(NAME, "a metric name, a function or an aggregation");
    Optional<AggregationOp> op = AggregationOp.named(name);
    if (op.isPresent() && (in.next("(") || in.nextWord("by") || in.nextWord("without"))) {
      return aggregation(op.get());
    }
    in.at = start;
    SeriesQuery inner = filter(null);
    end();
    return inner;
  }

  private SeriesQuery aggregation(AggregationOp op) {
    Grouping grouping = grouping(null);
    in.expect("(");
    double parameter = Double.NaN;
    if (op.takesParameter()) {
      int where = in.skipSpace();
      parameter = in.number();
      check(op, parameter, where);
      in.expect(",");
    }
    SeriesQuery inner = filter(op);
    in.expect(")");
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
      throw QueryText.error(where, "quantile's φ must be between 0 and 1, not " + in.quote(where));
    }
    if (op.keepsMembers()
        && !(parameter >= 1 && parameter <= MAX_K && parameter == (int) parameter)) {
      throw QueryText.error(
          where,
          op.promql()
              + "'s k must be a whole number from 1 to "
              + MAX_K
              + ", not "
              + in.quote(where));
    }
  }

  /** {@code by (a, b)} or {@code without (a)}, if next; {@code before} is one already read. */
  private @Nullable Grouping grouping(@Nullable Grouping before) {
    int where = in.skipSpace();
    boolean by = in.nextWord("by");
    if (!by && !in.nextWord("without")) {
      return before;
    }
    if (before != null) {
      throw QueryText.error(
          where, "the grouping is given twice: once before the parentheses, once after");
    }
    in.at += by ? 2 : 7;
    in.expect("(");
    List<String> labels = new ArrayList<>();
    while (!in.next(")")) {
      labels.add(in.match(LABEL, "a label name or ')'"));
      if (!in.next(")")) {
        in.expect(",");
      }
    }
    in.expect(")");
    return new Grouping(!by, labels);
  }

  private record Grouping(boolean without, List<String> labels) {}

  /** {@code inner [comparison number]}; {@code within} is the aggregation around it, or null. */
  private SeriesQuery filter(@Nullable AggregationOp within) {
    int start = in.skipSpace();
    String name = in.match(NAME, "a metric name or a function");
    RangeFunction function = null;
    Duration range = Duration.ZERO;
    SeriesSelector selector;
    if (in.next("(")) {
      function = function(name, start, within);
      in.expect("(");
      int inner = in.skipSpace();
      Matcher nested = in.lookingAt(NAME);
      if (nested != null && text.startsWith("(", nested.end())) {
        throw QueryText.error(
            inner,
            "functions do not nest ("
                + name
                + " of "
                + nested.group()
                + "): a second level is for a recording rule");
      }
      selector = selector();
      in.expect("[");
      range = duration();
      in.expect(")");
    } else {
      in.at = start;
      selector = selector();
      if (in.next("[")) {
        throw QueryText.error(
            in.skipSpace(),
            "a range selector needs a function around it, such as rate(" + name + "[5m])");
      }
    }
    Comparison filter = null;
    Matcher cmp = in.lookingAt(COMPARISON);
    if (cmp != null) {
      in.at = cmp.end();
      in.skipSpace();
      if (in.nextWord("bool")) {
        throw QueryText.error(in.at, "'bool' is not supported: a comparison here filters series");
      }
      filter = new Comparison(cmp.group(), in.number());
    }
    return new SeriesQuery(selector, function, range, filter, null, text);
  }

  private RangeFunction function(String name, int where, @Nullable AggregationOp within) {
    Optional<RangeFunction> function = RangeFunction.named(name);
    if (function.isPresent()) {
      return function.get();
    }
    if (AggregationOp.named(name).isPresent()) {
      throw QueryText.error(
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
    throw QueryText.error(
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
    int start = in.skipSpace();
    in.match(NAME, "a metric name");
    in.skipSpace();
    if (text.startsWith("{", in.at)) {
      boolean quoted = false;
      int i = in.at + 1;
      for (; i < text.length() && (quoted || text.charAt(i) != '}'); i++) {
        char c = text.charAt(i);
        if (c == '\\' && quoted) {
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        }
      }
      if (i >= text.length()) {
        throw QueryText.error(in.at, "the '{' here is never closed");
      }
      in.at = i + 1;
    }
    try {
      return SeriesSelector.parse(text.substring(start, in.at));
    } catch (IllegalArgumentException e) {
      throw QueryText.error(start, String.valueOf(e.getMessage()));
    }
  }

  /** A range's duration, then its ']'. */
  private Duration duration() {
    int start = in.skipSpace();
    int close = text.indexOf(']', start);
    if (close < 0) {
      throw QueryText.error(start, "the '[' before here is never closed");
    }
    String written = text.substring(start, close).strip();
    Duration d;
    try {
      d = Units.parseDuration(written);
    } catch (IllegalArgumentException e) {
      throw QueryText.error(start, "bad range '" + written + "': " + e.getMessage());
    }
    if (d.isZero()) {
      throw QueryText.error(start, "a range must be longer than 0s");
    }
    in.at = close + 1;
    return d;
  }

  private void end() {
    int where = in.skipSpace();
    if (where == text.length()) {
      return;
    }
    char c = text.charAt(where);
    String why =
        c == '(' || c == ')'
            ? " (one level of aggregation, no parentheses of its own)"
            : in.lookingAt(COMPARISON) != null
                ? "; compare in 'expr', or filter inside the aggregation"
                : " (one level of PromQL: no arithmetic, no other operators)";
    throw QueryText.error(where, "unexpected " + in.quote(where) + why);
  }
}
