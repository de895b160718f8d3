package io.kshealth.core.text;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking step for anything a user wrote that a message repeats: config errors, logs and
 * status go through it, so a password, token or webhook URL typed into the wrong field is never
 * echoed.
 *
 * <pre>{@code
 * Redact.text("cannot reach http://user:s3cret@host:1") // "cannot reach http://user:***@host:1"
 * Redact.quote("alerting.notifiers.hook.bearer-token", "abc") // "<secret, not shown>"
 * }</pre>
 */
public final class Redact {

  /** What stands for a value that is never shown. */
  public static final String HIDDEN = "<secret, not shown>";

  /** Longest value a message repeats; a longer one is cut, so a 4 MiB scalar is not echoed. */
  static final int MAX_SHOWN = 120;

  /** Words in a key's name that mark its value as a secret. */
  private static final Set<String> SECRET_WORDS =
      Set.of(
          "password",
          "passwd",
          "pwd",
          "secret",
          "token",
          "key",
          "apikey",
          "authorization",
          "credential",
          "credentials",
          "cookie",
          "passphrase");

  /** Words that, last in a key's name, say it names a file or variable holding the secret. */
  private static final Set<String> REFERENCE_WORDS = Set.of("file", "path", "env");

  private static final Pattern WORD = Pattern.compile("[^a-z0-9]+");
  private static final Pattern URL =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^\\s/?#'\"<>]*)([^\\s'\"<>]*)");
  private static final Pattern SECRET_PARAM =
      Pattern.compile(
          "(?i)([?&;][^=&#\\s]*(?:token|key|secret|password|passwd|sig|signature|auth)[^=&#\\s]*=)"
              + "[^&#\\s]*");

  /**
   * HTTP credentials: {@code Bearer <token>}, and {@code Basic <base64>} as spelled in a header.
   */
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("\\b((?i:bearer)|Basic)(\\s+)[A-Za-z0-9._~+/=-]{8,}");

  private Redact() {}

  /**
   * Whether the key at the end of a field path (such as {@code alerting.notifiers.hook.password})
   * names a secret: one of its words is password, token, secret, key, authorization… (or their
   * plural) and it does not name a file that holds one ({@code password-file}).
   */
  public static boolean secretKey(String path) {
    String key = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
    String[] words = WORD.split(key.toLowerCase(Locale.ROOT));
    if (words.length == 0 || REFERENCE_WORDS.contains(words[words.length - 1])) {
      return false;
    }
    for (String w : words) {
      if (SECRET_WORDS.contains(w)
          || (w.endsWith("s") && SECRET_WORDS.contains(w.substring(0, w.length() - 1)))) {
        return true;
      }
    }
    return SECRET_WORDS.contains(String.join("", words));
  }

  /**
   * A value written at a field, quoted for a message: {@link #HIDDEN} when the key names a secret,
   * else {@code 'value'} masked by {@link #text}, on one line and cut at 120 characters.
   */
  public static String quote(String path, String value) {
    if (secretKey(path)) {
      return HIDDEN;
    }
    String shown = oneLine(value);
    if (shown.length() > MAX_SHOWN) {
      shown = shown.substring(0, MAX_SHOWN) + "… (" + value.length() + " characters)";
    }
    return "'" + text(shown) + "'";
  }

  /**
   * Masks what looks like a credential in free text: a URL's password ({@code
   * http://user:***@host}), the path of a webhook URL (Slack's {@code hooks.slack.com/services/…}
   * is the secret itself), query parameters named like a token, and {@code Bearer}/{@code Basic}
   * credentials.
   */
  public static String text(String text) {
    if (text == null) {
      return "";
    }
    Matcher m = URL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(url(m.group(1), m.group(2), m.group(3))));
    }
    m.appendTail(out);
    Matcher auth = AUTH_SCHEME.matcher(out);
    return auth.replaceAll("$1$2****");
  }

  /** Control characters (line breaks, NUL…) written as escapes, so a message stays one line. */
  public static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\n') {
                sb.append("\\n");
              } else if (c == '\t') {
                sb.append("\\t");
              } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    return sb.toString();
  }

  private static String url(String scheme, String authority, String rest) {
    int at = authority.lastIndexOf('@');
    String host = at < 0 ? authority : authority.substring(at + 1);
    String user = "";
    if (at >= 0) {
      String info = authority.substring(0, at);
      int colon = info.indexOf(':');
      user = (colon < 0 ? info : info.substring(0, colon) + ":***") + "@";
    }
    String lowerHost = host.toLowerCase(Locale.ROOT);
    boolean secretPath =
        lowerHost.contains("hook") || rest.toLowerCase(Locale.ROOT).contains("hook");
    if (secretPath && !rest.isEmpty() && !rest.equals("/")) {
      return scheme + user + host + "/****";
    }
    return scheme + user + host + SECRET_PARAM.matcher(rest).replaceAll("$1***");
  }
}
