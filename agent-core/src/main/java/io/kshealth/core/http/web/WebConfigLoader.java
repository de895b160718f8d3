package io.kshealth.core.http.web;

import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.tls.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a web config file in the Prometheus exporter-toolkit format, with every PEM file it names,
 * reporting every problem at once as {@code file:line:column: field.path: message}. Relative paths
 * are relative to the web config file's directory, as in the toolkit.
 *
 * <pre>{@code
 * WebConfig web = new WebConfigLoader(System::getenv).load(Path.of("web.yml"));
 * }</pre>
 */
public final class WebConfigLoader {

  /** The most bytes read from the web config file or any PEM file: the PEM reader's bound. */
  static final int MAX_FILE_BYTES = PemFiles.MAX_FILE_BYTES;

  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
  private static final List<String> HEADERS =
      List.of(
          "Content-Security-Policy",
          "X-Frame-Options",
          "X-Content-Type-Options",
          "X-XSS-Protection",
          "Strict-Transport-Security");

  private final Function<String, String> env;

  /** {@code env} gives {@code ${VAR}} substitutions their values, as in the agent's config. */
  public WebConfigLoader(Function<String, String> env) {
    this.env = env;
  }

  public WebConfig load(Path file) throws ConfigException {
    String name = file.toString();
    Map<Path, String> files = new LinkedHashMap<>();
    try {
      files.put(file, sha256(PemFiles.readBounded(file)));
    } catch (IOException e) {
      throw single(name, "cannot read web config file: " + PemFiles.describe(e));
    }
    ConfigDocument doc;
    try {
      doc = ConfigDocument.read(file, env);
    } catch (StackOverflowError e) {
      throw single(name, "not valid YAML: nested too deeply");
    }
    ConfigNode root = doc.root();
    ConfigNode tlsNode = root.map("tls_server_config");
    Optional<TlsServerConfig> tls =
        root.hasValue("tls_server_config") ? TlsSection.read(tlsNode, files) : Optional.empty();
    tlsNode.finish();
    Map<String, String> headers = httpServerConfig(root.map("http_server_config"));
    Map<String, String> users = users(root.map("basic_auth_users"));
    root.finish();
    doc.throwIfErrors();
    return new WebConfig(tls, headers, users, files);
  }

  private static Map<String, String> httpServerConfig(ConfigNode node) {
    node.bool("http2", true); // accepted for compatibility; the server decides on HTTP/2
    ConfigNode h = node.map("headers");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : h.keys()) {
      @Nullable String value = h.optionalString(name).orElse(null);
      if (!HEADERS.contains(name)) {
        h.errorAtKey(name, "header '" + name + "' cannot be set; allowed: " + HEADERS);
      } else if (value != null && !value.isEmpty() && allowedValue(h, name, value)) {
        headers.put(name, value);
      }
    }
    node.finish();
    return headers;
  }

  private static boolean allowedValue(ConfigNode h, String name, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    boolean ok =
        switch (name) {
          case "X-Frame-Options" -> lower.equals("deny") || lower.equals("sameorigin");
          case "X-Content-Type-Options" -> lower.equals("nosniff");
          default -> true;
        };
    if (!ok) {
      h.error(
          name,
          "invalid value '"
              + value
              + "': expected "
              + (name.equals("X-Frame-Options") ? "deny or sameorigin" : "nosniff"));
    }
    return ok;
  }

  private static Map<String, String> users(ConfigNode node) {
    Map<String, String> users = new LinkedHashMap<>();
    for (String user : node.keys()) {
      @Nullable String hash = node.optionalString(user).orElse(null);
      if (hash == null) {
        continue;
      }
      Matcher m = BCRYPT.matcher(hash);
      // The value is never echoed: it may be a password pasted by mistake.
      if (user.contains(":")) {
        node.errorAtKey(user, "a basic auth user name cannot contain ':'");
      } else if (!m.matches()) {
        node.error(
            user,
            "not a bcrypt hash: expected $2a$, $2b$ or $2y$, a two-digit cost, '$' and 53"
                + " characters (make one with: htpasswd -nBC 10 "
                + user
                + ")");
      } else if (Integer.parseInt(m.group(1)) < 4 || Integer.parseInt(m.group(1)) > 31) {
        node.error(user, "bcrypt cost " + m.group(1) + " is outside 4 to 31");
      } else {
        users.put(user, hash);
      }
    }
    return users;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static ConfigException single(String file, String message) {
    return new ConfigException(List.of(new ConfigError(file, 0, 0, "", message)));
  }
}
