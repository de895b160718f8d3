package io.kshealth.alerts.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * JSON POSTs to one receiver, with the answer mapped to what delivery does next: 2xx delivered; a
 * 4xx other than 429 rejected for good (the same body would be refused again); anything else,
 * including no answer at all, retried.
 */
final class HttpPost {

  private static final int MAX_BODY_SHOWN = 200;

  private final HttpClient client;
  private final URI target;
  private final Duration timeout;
  private final Optional<String> authorization;
  private final String shown;

  /**
   * @param bearerToken sent as {@code Authorization: Bearer}; without it, user-info in the URL is
   *     sent as basic auth, as Go's HTTP client (and so Prometheus) does
   * @param shown the receiver as messages name it, secrets masked
   */
  HttpPost(URI target, Duration timeout, Optional<String> bearerToken, String shown) {
    // HTTP/1.1: the JDK's default asks cleartext servers to upgrade to HTTP/2, which some
    // receivers and proxies in front of them mishandle.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.target = target;
    this.timeout = timeout;
    this.authorization =
        bearerToken
            .map(t -> "Bearer " + t)
            .or(() -> Optional.ofNullable(target.getUserInfo()).map(HttpPost::basic));
    this.shown = shown;
  }

  void send(String json) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "kshealth")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    authorization.ifPresent(a -> request.header("Authorization", a));
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(shown + ": interrupted", e);
    } catch (IOException e) {
      throw new IOException(shown + ": " + e, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    String body = response.body() == null ? "" : response.body().strip();
    String reason = shown + " answered " + status + (body.isEmpty() ? "" : ": " + abbreviate(body));
    if (status / 100 == 4 && status != 429) {
      throw new Notifier.RejectedException(reason);
    }
    throw new IOException(reason);
  }

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  private static String abbreviate(String body) {
    return body.length() <= MAX_BODY_SHOWN ? body : body.substring(0, MAX_BODY_SHOWN) + "…";
  }
}
