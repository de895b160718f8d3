package io.kshealth.core.http.page;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Text made safe for the page. Alert labels, summaries and reasons come from config and from the
 * watched app, so every text is escaped, in element content and in quoted attributes alike.
 */
final class Html {

  private Html() {}

  /** The text with {@code & < > " '} as entities and control characters dropped. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * The URL when it is an absolute {@code http} or {@code https} URL with a host, else empty: a
   * runbook link must never run script ({@code javascript:}, {@code data:}) when clicked.
   */
  static Optional<String> safeHref(String url) {
    String trimmed = url.strip();
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme();
      if (scheme == null || uri.getHost() == null) {
        return Optional.empty();
      }
      String lower = scheme.toLowerCase(Locale.ROOT);
      return lower.equals("http") || lower.equals("https")
          ? Optional.of(trimmed)
          : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
