package io.kshealth.core.http;

import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP server asks of a web security setup (TLS, client certificates, basic auth, extra
 * response headers), so that a web config file plugs in without the server reading it. {@link
 * #NONE} is plain HTTP open to all.
 *
 * <p>The server calls {@link #sslContext()} once at start (null: plain HTTP) and again as each
 * connection opens: when it returns another instance (a rotated certificate), new connections use
 * it. Every method here may be called on the server's I/O threads, so each must return at once
 * (cache what is costly, such as a bcrypt check).
 */
public interface HttpSecurity {

  HttpSecurity NONE =
      new HttpSecurity() {
        @Override
        public @Nullable SSLContext sslContext() {
          return null;
        }

        @Override
        public boolean authorized(String path, String authorization) {
          return true;
        }
      };

  /** The TLS context to serve with; null for plain HTTP. */
  @Nullable SSLContext sslContext();

  /**
   * Whether a request to {@code path} with this {@code Authorization} header (or null) may go on.
   */
  boolean authorized(String path, String authorization);

  default boolean needClientAuth() {
    return false;
  }

  default boolean wantClientAuth() {
    return false;
  }

  /** TLS protocol versions to allow, such as {@code TLSv1.3}; empty for Jetty's safe defaults. */
  default List<String> protocols() {
    return List.of();
  }

  /** Cipher suites to allow; empty for Jetty's safe defaults. */
  default List<String> cipherSuites() {
    return List.of();
  }

  /** Headers added to every response, such as {@code Strict-Transport-Security}. */
  default Map<String, String> responseHeaders() {
    return Map.of();
  }
}
