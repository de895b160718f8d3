package io.kshealth.alerts.query;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The text of a {@code series:} and how far {@link SeriesQueryParser} has read it: the lexical
 * steps (a name, a number, a given symbol) and errors that say at which character they are.
 */
final class QueryText {

  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|(?i:inf|nan))");

  final String text;
  int at;

  QueryText(String text) {
    this.text = text;
  }

  double number() {
    int where = skipSpace();
    Matcher m = lookingAt(NUMBER);
    if (m == null) {
      throw error(where, "expected a number, got " + quote(where));
    }
    at = m.end();
    return Double.parseDouble(
        m.group().toLowerCase(Locale.ROOT).replace("inf", "Infinity").replace("nan", "NaN"));
  }

  String match(Pattern p, String expected) {
    int where = skipSpace();
    Matcher m = lookingAt(p);
    if (m == null) {
      throw error(where, "expected " + expected + ", got " + quote(where));
    }
    at = m.end();
    return m.group();
  }

  @Nullable Matcher lookingAt(Pattern p) {
    skipSpace();
    Matcher m = p.matcher(text).region(at, text.length());
    return m.lookingAt() ? m : null;
  }

  void expect(String s) {
    int where = skipSpace();
    if (!text.startsWith(s, at)) {
      throw error(where, "expected '" + s + "', got " + quote(where));
    }
    at += s.length();
  }

  boolean next(String s) {
    skipSpace();
    return text.startsWith(s, at);
  }

  /** {@code word} next, as a whole word. */
  boolean nextWord(String word) {
    skipSpace();
    int after = at + word.length();
    return text.startsWith(word, at)
        && (after == text.length()
            || !Character.isLetterOrDigit(text.charAt(after)) && text.charAt(after) != '_');
  }

  int skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    return at;
  }

  /** What is at {@code where}, quoted and cut short, for a message. */
  String quote(int where) {
    if (where >= text.length()) {
      return "the end";
    }
    String rest = text.substring(where);
    return "'" + (rest.length() > 20 ? rest.substring(0, 20) + "…" : rest) + "'";
  }

  static IllegalArgumentException error(int where, String message) {
    return new IllegalArgumentException("at character " + (where + 1) + ": " + message);
  }
}
