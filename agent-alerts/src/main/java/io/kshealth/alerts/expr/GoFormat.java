package io.kshealth.alerts.expr;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers printed as Go prints them ({@code strconv} 'g' format), because Prometheus templates do:
 * {@code %v} for a value placed in a template, {@code %.4g} inside the humanize functions. Sharing
 * the format is what lets a rule's annotations match its Prometheus twin's, byte for byte.
 */
final class GoFormat {

  private GoFormat() {}

  /** Go's {@code fmt.Sprint(v)}: the shortest digits that read back as {@code v}. */
  static String v(double v) {
    return g(v, -1);
  }

  /** Go's {@code fmt.Sprintf("%.<precision>g", v)}; a negative precision means shortest. */
  static String g(double v, int precision) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean negative = v < 0 || (v == 0 && 1 / v < 0);
    BigDecimal decimal;
    if (v == 0) {
      decimal = BigDecimal.ZERO;
    } else if (precision < 0) {
      decimal = shortest(Math.abs(v));
    } else {
      // The exact binary value, rounded half to even, as strconv rounds.
      decimal =
          new BigDecimal(Math.abs(v))
              .round(new MathContext(Math.max(precision, 1), RoundingMode.HALF_EVEN));
    }
    decimal = decimal.stripTrailingZeros();
    String digits = v == 0 ? "" : decimal.unscaledValue().toString();
    int nd = digits.length();
    int dp = nd - decimal.scale(); // the value is 0.<digits> x 10^dp
    boolean shortest = precision < 0;
    int prec = shortest ? nd : Math.max(precision, 1);
    int eprec = prec;
    if (eprec > nd && nd >= dp) {
      eprec = nd;
    }
    if (shortest) {
      eprec = 6;
    }
    int exp = dp - 1;
    StringBuilder out = new StringBuilder(negative ? "-" : "");
    if (nd > 0 && (exp < -4 || exp >= eprec)) {
      int decimals = Math.min(prec, nd) - 1;
      out.append(digits.charAt(0));
      if (decimals > 0) {
        out.append('.').append(digits, 1, 1 + decimals);
      }
      out.append('e').append(exp < 0 ? '-' : '+');
      int e = Math.abs(exp);
      out.append(e < 10 ? "0" : "").append(e);
      return out.toString();
    }
    if (prec > dp) {
      prec = nd;
    }
    int decimals = Math.max(prec - dp, 0);
    if (dp > 0) {
      for (int i = 0; i < dp; i++) {
        out.append(i < nd ? digits.charAt(i) : '0');
      }
    } else {
      out.append('0');
    }
    if (decimals > 0) {
      out.append('.');
      for (int i = 0; i < decimals; i++) {
        int at = dp + i;
        out.append(at >= 0 && at < nd ? digits.charAt(at) : '0');
      }
    }
    return out.toString();
  }

  /**
   * The decimal with the fewest significant digits that reads back as {@code v} and, of those, the
   * nearest to it, as Go's shortest formatting picks. (Java 17's {@code Double.toString} is not
   * always the shortest: it prints 2e23 as 1.9999999999999998E23.)
   */
  private static BigDecimal shortest(double v) {
    BigDecimal exact = new BigDecimal(v);
    for (int digits = 1; ; digits++) {
      BigDecimal nearest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (readsBackAs(nearest, v)) {
        return nearest;
      }
      // At a power of two the doubles below are twice as dense as those above, so the
      // neighbour on the far side may read back where the nearest does not.
      BigDecimal down = exact.round(new MathContext(digits, RoundingMode.DOWN));
      BigDecimal other =
          nearest.compareTo(down) == 0
              ? exact.round(new MathContext(digits, RoundingMode.UP))
              : down;
      if (readsBackAs(other, v)) {
        return other;
      }
    }
  }

  private static boolean readsBackAs(BigDecimal decimal, double v) {
    return Double.parseDouble(decimal.toString()) == v;
  }
}
