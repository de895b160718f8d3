package io.kshealth.alerts.notify;

import io.kshealth.api.ConfigSection;
import io.kshealth.core.config.SecretFile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * How a notifier proves itself to its receiver: the {@code Authorization} header it sends. A secret
 * may sit in the config or in a file of its own (a mounted Kubernetes secret), which is read at
 * each send so that a rotated token or password is used from the next send on. {@link #describe()}
 * never shows a secret.
 */
sealed interface Credentials {

  /** The header's value; empty to send none. */
  Optional<String> authorization() throws IOException;

  /** For logs and status: {@code bearer ****}, {@code basic ops:**** from /run/pw}. */
  String describe();

  /** Nothing in the config: user-info in the URL, if any, is sent as basic auth (as Go does). */
  record None() implements Credentials {
    @Override
    public Optional<String> authorization() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "";
    }
  }

  record Bearer(String token) implements Credentials {
    @Override
    public Optional<String> authorization() {
      return Optional.of("Bearer " + token);
    }

    @Override
    public String describe() {
      return "bearer ****";
    }
  }

  record BearerFile(Path file) implements Credentials {
    @Override
    public Optional<String> authorization() throws IOException {
      return Optional.of("Bearer " + SecretFile.read(file, "bearer-token-file"));
    }

    @Override
    public String describe() {
      return "bearer **** from " + file;
    }
  }

  /**
   * @param passwordFile where the password is read at each send, instead of {@code password}
   */
  record Basic(String username, Optional<String> password, Optional<Path> passwordFile)
      implements Credentials {
    @Override
    public Optional<String> authorization() throws IOException {
      String secret =
          passwordFile.isPresent()
              ? SecretFile.read(passwordFile.get(), "basic-auth.password-file")
              : password.orElse("");
      return Optional.of(basicHeader(username + ":" + secret));
    }

    @Override
    public String describe() {
      return "basic " + username + ":****" + passwordFile.map(f -> " from " + f).orElse("");
    }
  }

  /**
   * Reads {@code bearer-token}, {@code bearer-token-file} and {@code basic-auth}: at most one of
   * them, and none when the URLs carry user-info.
   */
  static Credentials parse(ConfigSection node, List<URI> urls) {
    List<String> given = new ArrayList<>();
    for (String key : List.of("bearer-token", "bearer-token-file", "basic-auth")) {
      if (node.has(key)) {
        given.add(key);
      }
    }
    Credentials parsed = new None();
    Optional<String> token = node.optionalString("bearer-token");
    Path tokenFile = SecretFile.option(node, "bearer-token-file");
    // Read even when another form is given, so that mistakes inside it are reported too.
    Credentials basic = node.has("basic-auth") ? basic(node.map("basic-auth")) : null;
    if (token.isPresent()) {
      parsed = token.get().isBlank() ? parsed : new Bearer(token.get().strip());
      if (token.get().isBlank()) {
        node.error("bearer-token", "is empty");
      }
    } else if (tokenFile != null) {
      parsed = new BearerFile(tokenFile);
    } else if (basic != null) {
      parsed = basic;
    }
    if (given.size() > 1) {
      node.error(given.get(1), "give one of 'bearer-token', 'bearer-token-file' and 'basic-auth'");
    } else if (!given.isEmpty() && urls.stream().anyMatch(u -> u.getUserInfo() != null)) {
      node.error(given.get(0), "the URL carries credentials too; keep one of them");
    }
    return parsed;
  }

  private static Credentials basic(ConfigSection basic) {
    String username = basic.optionalString("username").orElse("");
    Optional<String> password = basic.optionalString("password");
    Optional<Path> file = Optional.ofNullable(SecretFile.option(basic, "password-file"));
    if (username.isEmpty()) {
      basic.error("username", "missing 'username'");
    } else if (username.contains(":")) {
      basic.error("username", "a basic-auth user name cannot hold ':'");
    }
    if (password.isPresent() && file.isPresent()) {
      basic.error("password-file", "give either 'password' or 'password-file', not both");
    } else if (password.isEmpty() && file.isEmpty()) {
      basic.error("password", "give 'password' or 'password-file'");
    }
    basic.finish();
    return new Basic(username, password, file);
  }

  /** {@code Basic <base64 of user:password>}. */
  static String basicHeader(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }
}
