package io.kshealth.alerts.expr;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An annotation template: literal text and {@code {{ expression }}} parts, each compiled at load. A
 * part that cannot be evaluated renders as {@code unknown}: a notification with one unknown number
 * is better than none.
 */
final class CelTemplate implements Template {

  private static final Pattern PART = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

  /** Literal text (a String) or a compiled part (a Program), in order. */
  private final List<Object> pieces;

  private CelTemplate(List<Object> pieces) {
    this.pieces = List.copyOf(pieces);
  }

  static CelTemplate compile(String text, RuleLanguage language) throws ExpressionException {
    List<Object> pieces = new ArrayList<>();
    Matcher m = PART.matcher(text);
    int at = 0;
    while (m.find()) {
      pieces.add(text.substring(at, m.start()));
      try {
        pieces.add(language.compilePart(m.group(1).strip()));
      } catch (ExpressionException e) {
        throw new ExpressionException("in {{" + m.group(1) + "}}: " + e.getMessage());
      }
      at = m.end();
    }
    pieces.add(text.substring(at));
    return new CelTemplate(pieces);
  }

  @Override
  public String render(SeriesScope scope) {
    StringBuilder out = new StringBuilder();
    for (Object piece : pieces) {
      if (piece instanceof String s) {
        out.append(s);
      } else {
        try {
          out.append(text(RuleLanguage.evaluate((CelRuntime.Program) piece, scope)));
        } catch (CelEvaluationException | RuntimeException e) {
          CelCondition.failure(e); // rethrows Deadline.Passed
          out.append("unknown");
        }
      }
    }
    return out.toString();
  }

  /** As Go's fmt.Sprint prints the value in a Prometheus template. */
  private static String text(Object value) {
    if (value instanceof Double d) {
      return GoFormat.v(d);
    }
    return String.valueOf(value);
  }
}
