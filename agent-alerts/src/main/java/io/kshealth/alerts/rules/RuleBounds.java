package io.kshealth.alerts.rules;

import io.kshealth.core.config.ConfigNode;
import java.util.Collection;

/**
 * Bounds on one load of rule files, checked before anything is compiled so that a hostile file gets
 * an error instead of the heap: at most {@value #MAX_RULES} rules, and at most {@value #MAX_TEXT}
 * characters of expressions and annotations in all.
 *
 * <p>Why these numbers: 10,000 rules ran {@code check-config} out of memory. Compiled, a rule like
 * the default pack's (a 100-character expression, two templated annotations) holds about 14 KiB of
 * heap, so 1,000 of them take about 14 MiB; dense expressions hold about 60 bytes per character, so
 * the text bound keeps the worst case near the same size (a reload holds the old rules and the new
 * ones at once). The default pack has 44 rules and 26,000 characters.
 */
final class RuleBounds {

  static final int MAX_RULES = 1000;
  static final int MAX_TEXT = 512 * 1024;

  private int rules;
  private long text;
  private boolean exceeded;

  /**
   * Counts a rule about to be compiled, with its expression and annotations; false, with the error
   * reported at the rule, once either bound is passed: nothing after it is compiled.
   */
  boolean admit(ConfigNode rule, String expr, Collection<String> annotations) {
    if (exceeded) {
      return false;
    }
    rules++;
    text += length(expr);
    for (String annotation : annotations) {
      text += length(annotation);
    }
    if (rules > MAX_RULES) {
      rule.error(
          "alert",
          "more than "
              + MAX_RULES
              + " rules in the rule files: none after this one is loaded (split them among"
              + " agents, or drop the ones no one reads)");
      exceeded = true;
    } else if (text > MAX_TEXT) {
      rule.error(
          "expr",
          "the rule files' expressions and annotations pass "
              + MAX_TEXT
              + " characters in all at this rule: none from here on is loaded");
      exceeded = true;
    }
    return !exceeded;
  }

  private static long length(String s) {
    return s.codePointCount(0, s.length());
  }
}
