package io.kshealth.alerts.ruletest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * promtool's expanding notation for a test series' values, one sample per interval: {@code 1 2 3},
 * {@code a+bxn} (n+1 values: a, a+b, …, a+n·b), {@code a-bxn}, {@code axn} (a, n+1 times), {@code
 * _} (no sample), {@code _xn} (n steps without a sample), {@code stale} (the series ends there
 * until its next sample).
 */
final class SeriesValues {

  /** A step's sample: a number, or a staleness marker. Missing steps have no Step. */
  record Step(int index, double value, boolean stale) {}

  private static final String NUMBER =
      "[+-]?(?:Inf|inf|NaN|nan|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)";
  private static final Pattern EXPANDING =
      Pattern.compile(
          "(" + NUMBER + ")(?:([+-])((?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?))?x(\\d+)");
  private static final Pattern SINGLE = Pattern.compile(NUMBER);
  private static final Pattern BLANKS = Pattern.compile("_x(\\d+)");

  /**
   * Steps one series may span, blanks included: 10,000 (a week at 1m), so {@code 0+1x2000000000} is
   * an error rather than an exhausted heap.
   */
  static final int MAX_STEPS = 10_000;

  private SeriesValues() {}

  /**
   * @throws IllegalArgumentException naming the token that cannot be read
   */
  static List<Step> parse(String text) {
    List<Step> steps = new ArrayList<>();
    int index = 0;
    for (String token : text.trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      Matcher m;
      if (token.equals("_")) {
        index++;
      } else if (token.equals("stale")) {
        steps.add(new Step(index++, Double.NaN, true));
      } else if ((m = BLANKS.matcher(token)).matches()) {
        index += times(token, m.group(1), index);
      } else if ((m = EXPANDING.matcher(token)).matches()) {
        double start = number(m.group(1));
        double step = m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
        if ("-".equals(m.group(2))) {
          step = -step;
        }
        int times = times(token, m.group(4), index);
        // Added up step by step, as promtool does, so decimals round the same way.
        double value = start;
        steps.add(new Step(index++, value, false));
        for (int i = 0; i < times; i++) {
          value += step;
          steps.add(new Step(index++, value, false));
        }
      } else if (SINGLE.matcher(token).matches()) {
        steps.add(new Step(index++, number(token), false));
      } else {
        throw new IllegalArgumentException("cannot read '" + token + "' in values '" + text + "'");
      }
    }
    return steps;
  }

  /** A token's repeat count, when the series stays within {@link #MAX_STEPS}. */
  private static int times(String token, String count, int index) {
    long n = count.length() > 9 ? Long.MAX_VALUE : Long.parseLong(count);
    if (index + n >= MAX_STEPS) {
      throw new IllegalArgumentException(
          "cannot read '" + token + "': a series spans at most " + MAX_STEPS + " steps");
    }
    return (int) n;
  }

  private static double number(String text) {
    String t = text.replace("+", "");
    if (t.equalsIgnoreCase("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (t.equalsIgnoreCase("-inf")) {
      return Double.NEGATIVE_INFINITY;
    }
    if (t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("-nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(t);
  }
}
