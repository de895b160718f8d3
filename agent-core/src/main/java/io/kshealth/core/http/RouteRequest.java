package io.kshealth.core.http;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An HTTP request as a route sees it: read-only, with its headers already read (a route never reads
 * from the network).
 *
 * @param method the method, such as {@code GET}
 * @param path the path without the query, such as {@code /api/v1/alerts}
 * @param query the raw query string, empty when there is none
 * @param headers header values by lower-case name, in the order they came
 * @param remoteAddress the peer's address
 */
public record RouteRequest(
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    InetAddress remoteAddress) {

  public RouteRequest {
    headers =
        headers.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
  }

  /** The first value of a header, by name in any case. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
