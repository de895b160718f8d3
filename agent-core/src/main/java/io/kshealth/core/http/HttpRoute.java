package io.kshealth.core.http;

import java.util.Objects;
import java.util.Set;

/**
 * One HTTP endpoint, as an extension or the agent declares it, without knowing the server that runs
 * it: the methods it answers and a function from the request to the response. The server checks the
 * method (405 with {@code Allow} otherwise), answers {@code HEAD} wherever {@code GET} is allowed
 * (the body left out), and runs the handler on its bounded pool for endpoints.
 *
 * <pre>{@code
 * HttpRoute alerts = HttpRoute.get(request -> RouteResponse.json(200, body()));
 * }</pre>
 */
public record HttpRoute(Set<String> methods, Handler handler) {

  /** Makes the response; may block briefly (it runs on the endpoint pool, never on a probe's). */
  @FunctionalInterface
  public interface Handler {
    RouteResponse handle(RouteRequest request) throws Exception;
  }

  public HttpRoute {
    Objects.requireNonNull(handler, "handler");
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("a route answers at least one method");
    }
    methods = Set.copyOf(methods);
  }

  /** A read-only endpoint: {@code GET}, and so {@code HEAD}. */
  public static HttpRoute get(Handler handler) {
    return new HttpRoute(Set.of("GET"), handler);
  }

  /** Whether the route answers this method; {@code HEAD} goes wherever {@code GET} does. */
  public boolean allows(String method) {
    return methods.contains(method) || (method.equals("HEAD") && methods.contains("GET"));
  }

  /** The {@code Allow} header's value, in a stable order. */
  public String allowHeader() {
    StringBuilder b = new StringBuilder();
    for (String m : new java.util.TreeSet<>(methods)) {
      b.append(b.length() == 0 ? "" : ", ").append(m);
      if (m.equals("GET") && !methods.contains("HEAD")) {
        b.append(", HEAD");
      }
    }
    return b.toString();
  }
}
