package io.kshealth.alerts.notify;

import java.util.regex.Pattern;

/**
 * What a log line or {@code last_error} may show of a receiver's answer: its start, on one line,
 * with whatever looks like a credential replaced by {@code ****}. A receiver (or a proxy in front
 * of it) may echo the request's {@code Authorization} header, a token in a URL or a form's
 * password; none of it may reach the logs or {@code /api/v1/status}.
 */
final class BodyMask {

  /** How much of an answer is shown. */
  static final int MAX_SHOWN = 200;

  /** Only the start is masked and shown; the bound keeps the patterns' work small. */
  private static final int MAX_SCANNED = 2_000;

  private static final String MASK = "****";

  /** {@code scheme://user:password@}: the user-info of any URL. */
  private static final Pattern USER_INFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{0,20}://)[^/\\s@?#]{1,256}@");

  /** {@code Bearer abc.def}, {@code Basic dXNlcjpwdw==}: an Authorization scheme and its value. */
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("(?i)\\b(bearer|basic|digest|negotiate)(\\s+)[^\\s\"',;]{1,4096}");

  /**
   * {@code password=x}, {@code "api_key": "x"}, {@code Authorization: x}: a key whose name says
   * secret, then {@code =} or {@code :}, then a value (quoted or up to a separator).
   */
  private static final Pattern SECRET_PAIR =
      Pattern.compile(
          "(?i)([\\w.-]{0,40}(?:pass(?:wd|word)?|pwd|secret|token|api[_-]?key|apikey"
              + "|access[_-]?key|private[_-]?key|credential|authorization|auth|session|cookie"
              + "|signature|sig)[\\w.-]{0,40}[\"']?\\s{0,8}[=:]\\s{0,8})"
              + "(\"[^\"]{0,4096}\"?|'[^']{0,4096}'?|[^\\s,;&\"'}<]{1,4096})");

  /** A long run of base64 or hex with digits and letters both: a key, a token, a signature. */
  private static final Pattern KEY_LIKE =
      Pattern.compile(
          "(?=[A-Za-z0-9+/_=-]{0,200}[0-9])(?=[A-Za-z0-9+/_=-]{0,200}[A-Za-z])"
              + "[A-Za-z0-9+/_=-]{24,}");

  private BodyMask() {}

  /** The body's first {@link #MAX_SHOWN} characters, secrets masked, on one line. */
  static String shown(String body) {
    String s = body.length() > MAX_SCANNED ? body.substring(0, MAX_SCANNED) : body;
    s = s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    s = USER_INFO.matcher(s).replaceAll("$1" + MASK + "@");
    s = AUTH_SCHEME.matcher(s).replaceAll("$1$2" + MASK);
    s = SECRET_PAIR.matcher(s).replaceAll(m -> quoteReplacement(m.group(1)) + MASK);
    s = KEY_LIKE.matcher(s).replaceAll(MASK);
    s = s.replaceAll(" {2,}", " ").replaceAll("\\*{4}(?: \\*{4})+", MASK);
    return s.length() <= MAX_SHOWN && body.length() <= MAX_SCANNED
        ? s
        : s.substring(0, Math.min(s.length(), MAX_SHOWN)) + "…";
  }

  private static String quoteReplacement(String s) {
    return java.util.regex.Matcher.quoteReplacement(s);
  }
}
