package io.kshealth.alerts.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One JSON POST to a receiver, with the status mapped to what delivery does next: 2xx delivered;
 * 429 and 5xx retried; any other 4xx rejected for good (retrying the same body cannot help).
 */
final class HttpPost {

  private final HttpClient client;
  private final Duration timeout;
  private final String masked;

  HttpPost(Duration timeout, String masked) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.timeout = timeout;
    this.masked = masked;
  }

  void send(URI uri, String json, Optional<String> bearerToken) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "kshealth")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    bearerToken.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending to " + masked, e);
    } catch (IOException e) {
      throw new IOException(masked + ": " + e, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    String body = response.body() == null ? "" : response.body().strip();
    String reason =
        masked + " answered " + status + (body.isEmpty() ? "" : ": " + abbreviate(body));
    if (status == 429 || status / 100 == 5) {
      throw new IOException(reason);
    }
    throw new Notifier.RejectedException(reason);
  }

  private static String abbreviate(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "…";
  }
}
