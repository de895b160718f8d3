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
      decimal = new BigDecimal(Double.toString(Math.abs(v)));
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
}
