package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.Notifier;
import io.kshealth.core.text.Redact;
import io.kshealth.core.tls.ClientTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * JSON POSTs to one receiver, with the answer mapped to what delivery does next: 2xx delivered; a
 * 4xx other than 429 rejected for good (the same body would be refused again); anything else,
 * including no answer at all, retried. A refusal's reason quotes the start of the answer through
 * {@link Redact#text(String, int)}, never a credential in it.
 *
 * <p>Secrets and certificates are read from their files again when those change, so rotating them
 * needs no restart.
 */
final class HttpPost {

  /** How much of a refusing answer a reason quotes. */
  static final int MAX_BODY_SHOWN = 200;

  private final URI target;
  private final HttpOptions options;
  private final String shown;
  // Made at the first send, and again when the TLS files it was made from change.
  private @Nullable HttpClient client;
  private @Nullable List<Object> tlsVersion;

  /**
   * @param options the timeout, credentials (without any, user-info in the URL is sent as basic
   *     auth, as Go's HTTP client and so Prometheus does) and TLS settings
   * @param shown the receiver as messages name it, secrets masked
   */
  HttpPost(URI target, HttpOptions options, String shown) {
    this.target = target;
    this.options = options;
    this.shown = shown;
  }

  void send(String json) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(options.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "kshealth")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    Optional<String> authorization;
    try {
      authorization =
          options
              .credentials()
              .authorization()
              .or(() -> Optional.ofNullable(target.getUserInfo()).map(Credentials::basicHeader));
    } catch (IOException e) {
      throw new IOException(shown + ": " + e.getMessage(), e);
    }
    authorization.ifPresent(a -> request.header("Authorization", a));
    HttpResponse<String> response;
    try {
      response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(shown + ": interrupted", e);
    } catch (SSLHandshakeException e) {
      String hint =
          options.tls().caFile().isEmpty() && !options.tls().insecureSkipVerify()
              ? " (a receiver with a certificate of its own CA needs that CA in tls.ca-file)"
              : "";
      throw new IOException(shown + ": TLS handshake failed: " + e.getMessage() + hint, e);
    } catch (SSLException e) {
      throw new IOException(shown + ": TLS failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IOException(shown + ": " + e, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    String body = response.body() == null ? "" : Redact.text(response.body(), MAX_BODY_SHOWN);
    String reason = shown + " answered " + status + (body.isEmpty() ? "" : ": " + body);
    if (status / 100 == 4 && status != 429) {
      throw new Notifier.RejectedException(reason);
    }
    throw new IOException(reason);
  }

  /**
   * The client, made again when a TLS file changed since. HTTP/1.1: the JDK's default asks
   * cleartext servers to upgrade to HTTP/2, which some receivers and proxies in front of them
   * mishandle.
   */
  private synchronized HttpClient client() throws IOException {
    List<Object> version = versionOf(options.tls().files());
    if (client == null || !version.equals(tlsVersion)) {
      HttpClient.Builder builder =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(options.timeout())
              .followRedirects(HttpClient.Redirect.NEVER);
      if (!options.tls().equals(ClientTls.DEFAULT)) {
        try {
          builder.sslContext(options.tls().sslContext());
        } catch (IOException e) {
          throw new IOException(shown + ": cannot load its TLS files: " + e.getMessage(), e);
        }
      }
      client = builder.build();
      tlsVersion = version;
    }
    return client;
  }

  /** Each file's modification time and size: what changes when a file is rotated. */
  private static List<Object> versionOf(List<Path> files) {
    List<Object> version = new ArrayList<>();
    for (Path f : files) {
      try {
        version.add(Files.getLastModifiedTime(f));
        version.add(Files.size(f));
      } catch (IOException e) {
        version.add(e.getClass().getName());
      }
    }
    return version;
  }
}
