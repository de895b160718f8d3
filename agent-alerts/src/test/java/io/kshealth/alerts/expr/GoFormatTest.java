package io.kshealth.alerts.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Go's number formatting ({@code strconv.FormatFloat} 'g'), as fmt prints a float for {@code %v}
 * (shortest) and {@code %.4g}.
 */
class GoFormatTest {

  @Test
  void shortestAsFmtSprint() {
    assertEquals("0.45", GoFormat.v(0.45));
    assertEquals("3", GoFormat.v(3.0));
    assertEquals("-2.5", GoFormat.v(-2.5));
    assertEquals("0", GoFormat.v(0));
    assertEquals("-0", GoFormat.v(-0.0));
    assertEquals("0.30000000000000004", GoFormat.v(0.1 + 0.2));
    // %e from a decimal exponent of 6 (shortest 'g' uses 6 as the precision for this choice).
    assertEquals("123456", GoFormat.v(123456));
    assertEquals("123456.7", GoFormat.v(123456.7));
    assertEquals("1e+06", GoFormat.v(1e6));
    assertEquals("1.234567e+06", GoFormat.v(1234567));
    assertEquals("1e+21", GoFormat.v(1e21));
    assertEquals("0.0001", GoFormat.v(0.0001));
    assertEquals("1e-05", GoFormat.v(0.00001));
    assertEquals("1.2345e-05", GoFormat.v(0.000012345));
    assertEquals("1.7976931348623157e+308", GoFormat.v(Double.MAX_VALUE));
    assertEquals("5e-324", GoFormat.v(Double.MIN_VALUE));
    assertEquals("NaN", GoFormat.v(Double.NaN));
    assertEquals("+Inf", GoFormat.v(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", GoFormat.v(Double.NEGATIVE_INFINITY));
  }

  @Test
  void shortestWhereJavaIsNot() {
    // Java 17 prints 1.9999999999999998E23 and 9.999999999999999E22.
    assertEquals("2e+23", GoFormat.v(2e23));
    assertEquals("1e+23", GoFormat.v(1e23));
    // 2^-1017: below a power of two the doubles are twice as dense, so the nearest 16 digits
    // (...044, below) read back as another double; ...045, above, reads back as this one.
    assertEquals("7.120236347223045e-307", GoFormat.v(Math.scalb(1.0, -1017)));
  }

  @Test
  void shortestReadsBackAndNoShorterDoes() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(v)) {
        continue;
      }
      String text = GoFormat.v(v);
      assertEquals(v, Double.parseDouble(text), text);
      String digits = text.replaceFirst("^-", "").replaceFirst("e.*", "").replace(".", "");
      digits = digits.replaceFirst("^0+", "");
      String shorter = GoFormat.g(v, Math.max(digits.length() - 1, 1));
      if (digits.length() > 1) {
        assertEquals(false, Double.parseDouble(shorter) == v, text + " vs " + shorter);
      }
    }
  }

  @Test
  void fourSignificantDigits() {
    assertEquals("1380", GoFormat.g(1380, 4));
    assertEquals("23.46", GoFormat.g(23.456, 4));
    assertEquals("0.5", GoFormat.g(0.5, 4));
    assertEquals("0", GoFormat.g(0, 4));
    assertEquals("1e+05", GoFormat.g(100000, 4));
    assertEquals("1.235e+04", GoFormat.g(12346, 4));
    // Exactly halfway: to even.
    assertEquals("1.234e+04", GoFormat.g(12345, 4));
    assertEquals("1.236e+04", GoFormat.g(12355, 4));
    // 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary: down.
    assertEquals("2.67", GoFormat.g(2.675, 3));
    assertEquals("0.0001234", GoFormat.g(0.0001234, 4));
    assertEquals("1.234e-05", GoFormat.g(0.00001234, 4));
    assertEquals("NaN", GoFormat.g(Double.NaN, 4));
  }
}
