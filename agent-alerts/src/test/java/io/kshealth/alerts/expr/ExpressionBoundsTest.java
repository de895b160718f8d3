package io.kshealth.alerts.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Hostile expressions get a one-line error, on a thread with the sidecar's stack size ({@code
 * -Xss256k}), where 250 nested parentheses used to overflow the stack.
 */
class ExpressionBoundsTest {

  static final RuleLanguage LANGUAGE = RuleLanguage.standard();

  /** Compiles on a 256 KiB stack; the message of the error, or "ok". */
  static String compile(String source) throws InterruptedException {
    AtomicReference<String> result = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                LANGUAGE.condition(source);
                result.set("ok");
              } catch (ExpressionException e) {
                result.set(e.getMessage());
              } catch (StackOverflowError e) {
                result.set("stack overflow");
              }
            },
            "sidecar-stack",
            256 * 1024);
    t.start();
    t.join();
    return result.get();
  }

  @Test
  void twoHundredFiftyNestedParenthesesAreAnErrorNotAStackOverflow() throws Exception {
    String message = compile("(".repeat(250) + "value > 1.0" + ")".repeat(250));
    assertEquals(
        "expression nested deeper than 50 parentheses or brackets (at character 51)", message);
  }

  @Test
  void nestedListsAndCallsCountToo() throws Exception {
    assertTrue(compile("[".repeat(60) + "1" + "]".repeat(60) + " == []").contains("deeper than"));
    assertTrue(
        compile("double(".repeat(60) + "value" + ")".repeat(60) + " > 1.0").contains("deeper"));
  }

  @Test
  void aLongChainOfOperatorsIsCelsRecursionLimitNotAStackOverflow() throws Exception {
    String message = compile("value" + " + 1.0".repeat(300) + " > 1.0");
    assertTrue(message.contains("recursion limit"), message);
  }

  @Test
  void bracketsInStringLiteralsDoNotCount() throws Exception {
    String open = "(".repeat(60);
    assertEquals("ok", compile("labels.a == '" + open + "' || labels.b == \"" + open + "\""));
    assertEquals("ok", compile("labels.a == 'it\\'s " + open + "'"));
    assertEquals("ok", compile("labels.a == '''it's " + open + "'''"));
    // A string cannot hide nesting either: its closing brackets are skipped as well.
    assertTrue(
        compile("labels.a == '" + ")".repeat(60) + "' || " + open + "true" + ")".repeat(60))
            .contains("deeper than"));
  }

  @Test
  void anExpressionOverTheLengthLimitIsAnError() throws Exception {
    String message = compile("value > 1.0" + " ".repeat(4090));
    assertEquals("expression of 4101 characters, longer than the limit of 4096", message);
  }

  @Test
  void aTemplatePartIsBoundedLikeAnExpression() {
    ExpressionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExpressionException.class,
            () -> LANGUAGE.template("x {{ " + "(".repeat(51) + "1" + ")".repeat(51) + " }}"));
    assertTrue(e.getMessage().contains("nested deeper than 50"), e.getMessage());
  }
}
