package io.kshealth.core.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: status, content type, extra headers and the whole body. Bodies are small (a
 * scrape, a status page), so they are made in full before anything is sent.
 *
 * <pre>{@code
 * return RouteResponse.text(503, "not ready\n").withHeader("Retry-After", "1");
 * }</pre>
 */
public record RouteResponse(
    int status, String contentType, Map<String, String> headers, byte[] body) {

  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String JSON = "application/json";

  public RouteResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  public static RouteResponse text(int status, String body) {
    return new RouteResponse(status, TEXT, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  public static RouteResponse json(int status, byte[] body) {
    return new RouteResponse(status, JSON, Map.of(), body);
  }

  /** The same response with one more header (replacing one of the same name). */
  public RouteResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new RouteResponse(status, contentType, more, body);
  }
}
