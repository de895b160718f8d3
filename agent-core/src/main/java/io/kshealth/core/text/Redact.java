package io.kshealth.core.text;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking step for text a message repeats: config errors, receiver URLs and receiver
 * answers go through it, so a password, token or webhook URL is never echoed in a log, an error or
 * {@code /api/v1/status}.
 *
 * <pre>{@code
 * Redact.text("cannot reach http://user:s3cret@host:1")  // "cannot reach http://****@host:1"
 * Redact.quote("alerting.notifiers.hook.bearer-token", "abc")  // "<secret, not shown>"
 * Redact.url(URI.create("https://ops:pw@am:9093/api?t=1"))  // "https://am:9093/api"
 * Redact.text("{\"api_key\": \"k-1\"}\n", 200)  // "{\"api_key\": ****}"
 * }</pre>
 *
 * <p>Every pattern is linear: no nested quantifiers, runs are bounded or possessive, and the entry
 * points for text others wrote scan only a bounded start of it.
 */
public final class Redact {

  /** What stands for a value that is never shown. */
  public static final String HIDDEN = "<secret, not shown>";

  /** What stands for the masked part of a text. */
  public static final String MASK = "****";

  /**
   * Longest value a config message repeats; a longer one is cut, so a 4 MiB scalar is not echoed.
   */
  static final int MAX_SHOWN = 120;

  /** Only the start of a text is masked and shown: this many times what is shown at most. */
  private static final int SCANNED_PER_SHOWN = 10;

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
          "passphrase",
          "sig",
          "signature");

  /** Endings that make a word written without separators a secret's name: accesstoken. */
  private static final Set<String> SECRET_ENDINGS = Set.of("token", "secret", "password", "passwd");

  /**
   * A word that names a secret only last in a key ({@code ?auth=x}); elsewhere it says what a key
   * is about ({@code client_auth_type}).
   */
  private static final String LAST_SECRET_WORD = "auth";

  /** Words that, last in a key's name, say it names a file or variable holding the secret. */
  private static final Set<String> REFERENCE_WORDS = Set.of("file", "path", "env");

  private static final Pattern WORD = Pattern.compile("[^a-z0-9]+");
  private static final Pattern CAMEL_HUMP = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

  /** A URL: scheme, authority (user info and host), then path, query and fragment. */
  private static final Pattern URL =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{0,20}://)([^\\s/?#'\"<>]*+)([^\\s'\"<>]*+)");

  /** HTTP credentials as spelled in an Authorization header: {@code Bearer abc.def}. */
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("\\b((?i:bearer)|Basic|Digest|Negotiate)(\\s++)[^\\s\"',;]{1,4096}");

  /**
   * The start of a pair such as {@code password=x}, {@code "api_key": "x"}, {@code Authorization:
   * x} or {@code ?sig=x}: a key, then {@code =} or {@code :}. Its value is masked when {@link
   * #secretKey} says the key names a secret; else the search goes on after the key, so pairs inside
   * a quoted value ({@code "form":"password=x"}) are found too.
   */
  private static final Pattern PAIR_KEY =
      Pattern.compile("(?<![\\w.-])([\\w.-]++)([\"']?\\s{0,8}[=:]\\s{0,8})");

  /** A pair's value: quoted, or up to a separator. */
  private static final Pattern PAIR_VALUE =
      Pattern.compile("\"[^\"]{0,4096}\"?|'[^']{0,4096}'?|[^\\s,;&\"'}<]{1,4096}");

  /** A long run of base64 or hex with digits and letters both: a key, a token, a signature. */
  private static final Pattern KEY_LIKE =
      Pattern.compile(
          "(?=[A-Za-z0-9+/_=-]{0,200}[0-9])(?=[A-Za-z0-9+/_=-]{0,200}[A-Za-z])"
              + "[A-Za-z0-9+/_=-]{24,}+");

  private static final Pattern CONTROLS = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]++");
  private static final Pattern SPACES = Pattern.compile(" {2,}+");
  private static final Pattern MASKS = Pattern.compile("\\*{4}(?: \\*{4})++");

  private Redact() {}

  /**
   * Whether the key at the end of a field path (such as {@code alerting.notifiers.hook.password})
   * names a secret: one of its words is password, token, secret, key, authorization… (or their
   * plural), or a word ends in token, secret or password ({@code accesstoken}), or its last word is
   * auth; and it does not name a file that holds one ({@code password-file}).
   */
  public static boolean secretKey(String path) {
    String key = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
    key = CAMEL_HUMP.matcher(key).replaceAll("-");
    String[] words = WORD.split(key.toLowerCase(Locale.ROOT));
    String last = words.length == 0 ? "" : words[words.length - 1];
    if (REFERENCE_WORDS.contains(last)) {
      return false;
    }
    if (last.equals(LAST_SECRET_WORD)) {
      return true;
    }
    for (String w : words) {
      if (SECRET_WORDS.contains(w)
          || (w.endsWith("s") && SECRET_WORDS.contains(w.substring(0, w.length() - 1)))
          || SECRET_ENDINGS.stream().anyMatch(w::endsWith)) {
        return true;
      }
    }
    return SECRET_WORDS.contains(String.join("", words));
  }

  /**
   * A value written at a field, quoted for a config message: {@link #HIDDEN} when the key names a
   * secret, else {@code 'value'} masked by {@link #text(String)}, on one line (control characters
   * escaped) and cut at 120 characters.
   */
  public static String quote(String path, String value) {
    if (secretKey(path)) {
      return HIDDEN;
    }
    String v = Objects.toString(value, "");
    String start = start(v, MAX_SHOWN);
    String more = "… (" + v.length() + " characters)";
    return "'" + cut(text(oneLine(start)), MAX_SHOWN, start.length() < v.length(), more) + "'";
  }

  /**
   * Masks what looks like a credential in a message the agent composed: the user info of a URL
   * ({@code http://****@host}), the path of a webhook URL (Slack's {@code
   * hooks.slack.com/services/…} is the secret itself), URL parameters named like a secret, and
   * {@code Bearer}/{@code Basic} credentials. Key-value pairs outside URLs are left alone: messages
   * name keys ({@code 'token': expected a string}).
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
    return AUTH_SCHEME.matcher(out).replaceAll("$1$2" + MASK);
  }

  /**
   * What a log line or status may show of text someone else wrote, such as a receiver's answer
   * (which may echo the request's Authorization header, a token in a URL or a form's password): its
   * first {@code maxChars} characters on one line, masked as {@link #text(String)} does and also
   * every pair whose key names a secret and every long key-like run of base64 or hex; {@code …}
   * marks a cut.
   */
  public static String text(String text, int maxChars) {
    String all = Objects.toString(text, "");
    String start = start(all, maxChars);
    String s = CONTROLS.matcher(start).replaceAll(" ").strip();
    s = text(s);
    s = pairs(s);
    s = KEY_LIKE.matcher(s).replaceAll(MASK);
    s = MASKS.matcher(SPACES.matcher(s).replaceAll(" ")).replaceAll(MASK);
    return cut(s, maxChars, start.length() < all.length(), "…");
  }

  /**
   * A receiver's URL for logs, errors and status, with its path: {@code
   * http://am-0:9093/api/v2/alerts}. User info and query are dropped.
   */
  public static String url(URI uri) {
    return origin(uri) + Objects.toString(uri.getRawPath(), "");
  }

  /**
   * A URL whose path or query is the secret (webhooks, Slack), for logs, errors and status: only
   * where it goes, {@code https://hooks.slack.com/****}. User info is dropped.
   */
  public static String webhookUrl(URI uri) {
    String rest = Objects.toString(uri.getRawPath(), "") + (uri.getRawQuery() == null ? "" : "?");
    return origin(uri) + hiddenPath(rest);
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

  /** The part of a text that is masked and shown; the bound keeps the patterns' work small. */
  private static String start(String text, int maxChars) {
    int scanned = SCANNED_PER_SHOWN * maxChars;
    return text.length() > scanned ? text.substring(0, scanned) : text;
  }

  /** Masks first, then cuts, so a secret at the cut is masked rather than half shown. */
  private static String cut(String masked, int maxChars, boolean longer, String more) {
    return masked.length() <= maxChars && !longer
        ? masked
        : masked.substring(0, Math.min(masked.length(), maxChars)) + more;
  }

  /** Masks the value of every pair whose key names a secret. */
  private static String pairs(String text) {
    Matcher key = PAIR_KEY.matcher(text);
    Matcher value = PAIR_VALUE.matcher(text);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    int from = 0;
    while (from <= text.length() && key.find(from)) {
      from = key.end();
      if (secretKey(key.group(1)) && value.region(from, text.length()).lookingAt()) {
        out.append(text, copied, from).append(MASK);
        copied = value.end();
        from = copied;
      }
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static String url(String scheme, String authority, String rest) {
    int at = authority.lastIndexOf('@');
    String host = at < 0 ? authority : authority.substring(at + 1);
    String user = at < 0 ? "" : MASK + "@";
    boolean secretPath =
        host.toLowerCase(Locale.ROOT).contains("hook")
            || rest.toLowerCase(Locale.ROOT).contains("hook");
    if (secretPath && !rest.equals("/")) {
      return scheme + user + host + hiddenPath(rest);
    }
    return scheme + user + host + pairs(rest);
  }

  /** {@code /****} when there is a path or query beyond {@code /}; else nothing. */
  private static String hiddenPath(String rest) {
    return rest.isEmpty() || rest.equals("/") ? "" : "/" + MASK;
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
