package io.kshealth.alerts.expr;

/**
 * Checks an expression's text before CEL parses it: CEL's parser and checker recurse once per level
 * of nesting, and on a thread with the sidecar's 256 KiB stack ({@code -Xss256k}) CEL 0.14
 * overflowed at 100 nested lists, 150 chained additions and 250 nested parentheses (measured). The
 * limits leave room for any real rule: the default pack nests 4 deep, and its longest expression
 * has 203 characters.
 */
final class ExpressionBounds {

  /** The longest expression, in characters (code points): a dozen lines of conditions. */
  static final int MAX_LENGTH = 4096;

  /** The deepest nesting of parentheses, brackets and braces; CEL's recursion limit is the same. */
  static final int MAX_DEPTH = 50;

  private ExpressionBounds() {}

  /**
   * Throws when {@code source} is longer than {@link #MAX_LENGTH} or nests deeper than {@link
   * #MAX_DEPTH}; brackets inside string literals do not count.
   */
  static void check(String source) throws ExpressionException {
    int length = source.codePointCount(0, source.length());
    if (length > MAX_LENGTH) {
      throw new ExpressionException(
          "expression of " + length + " characters, longer than the limit of " + MAX_LENGTH);
    }
    int depth = 0;
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\'' || c == '"') {
        i = skipString(source, i);
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
        if (depth > MAX_DEPTH) {
          throw new ExpressionException(
              "expression nested deeper than "
                  + MAX_DEPTH
                  + " parentheses or brackets (at character "
                  + (i + 1)
                  + ")");
        }
      } else if (c == ')' || c == ']' || c == '}') {
        depth = Math.max(0, depth - 1);
      }
      i++;
    }
  }

  /** The index after the string literal that starts at {@code start}, or the end of the text. */
  private static int skipString(String s, int start) {
    char quote = s.charAt(start);
    String close = String.valueOf(quote);
    if (s.startsWith(close.repeat(3), start)) {
      close = close.repeat(3);
    }
    int i = start + close.length();
    while (i < s.length()) {
      // A backslash takes the next character, in raw strings too, as CEL's lexer reads them.
      if (s.charAt(i) == '\\') {
        i += 2;
      } else if (s.startsWith(close, i)) {
        return i + close.length();
      } else {
        i++;
      }
    }
    return s.length();
  }
}
