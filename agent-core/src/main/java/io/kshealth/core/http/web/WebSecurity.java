package io.kshealth.core.http.web;

import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.HttpConfig;
import io.kshealth.core.http.HttpSecurity;
import io.kshealth.core.tls.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of the web config file, for any HTTP server: TLS, basic auth and response headers.
 * The server builds its TLS connector once from {@link #sslContext()} (null: plain HTTP) and calls
 * {@link #configure(SSLParameters)} for each new connection, {@link #exempt} and {@link
 * #authorized} for each request, and adds {@link #responseHeaders()} to each response.
 *
 * <p>The files are re-read when they change, as node_exporter does: {@link #configure} and {@link
 * #authorized} look at most once per check interval (on the injected clock), and {@link
 * #reloadIfChanged()} looks at once. A changed certificate, key or client CA serves the next
 * handshake without a restart. A file that fails to load is reported ({@link #status()}, the log)
 * and the previous config stays in force; turning TLS on or off needs a restart.
 *
 * <pre>{@code
 * WebSecurity web = WebSecurity.load(Path.of("web.yml"), List.of("/healthz"), clock);
 * if (!web.exempt(path) && !web.authorized(request.getHeader("Authorization"))) { ... 401 }
 * }</pre>
 */
public final class WebSecurity implements HttpSecurity {

  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);
  static final long MAX_AUTH_WAIT_MILLIS = 2_000;
  private static final Logger log = LoggerFactory.getLogger(WebSecurity.class);

  private final Path file;
  private final List<String> exempt;
  private final Clock clock;
  private final Duration checkInterval;
  private final WebConfigLoader loader;
  private final BasicAuth.PasswordCheck passwordCheck;
  private final @Nullable LiveTls tls;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Loaded loaded;
  private volatile Status status;
  private volatile Instant nextCheck;

  private record Loaded(WebConfig config, BasicAuth auth) {}

  /**
   * The outcome of the last load, for {@code /api/v1/status} and metrics.
   *
   * @param lastSuccess when the config in force was loaded
   * @param lastError why the newest file was refused, when it was (the old config serves on)
   */
  public record Status(
      String file,
      String summary,
      boolean lastReloadSuccessful,
      Instant lastSuccess,
      Optional<String> lastError,
      Optional<Instant> certificateNotAfter) {}

  private WebSecurity(
      Path file,
      List<String> exempt,
      Clock clock,
      Duration checkInterval,
      WebConfigLoader loader,
      BasicAuth.PasswordCheck passwordCheck)
      throws ConfigException {
    this.file = file;
    this.exempt = List.copyOf(exempt);
    this.clock = clock;
    this.checkInterval = checkInterval;
    this.loader = loader;
    this.passwordCheck = passwordCheck;
    WebConfig first = loader.load(file);
    try {
      tls = first.tls().isPresent() ? new LiveTls(first.tls().get()) : null;
    } catch (IOException e) {
      throw tlsError(e);
    }
    loaded = new Loaded(first, auth(first));
    status = success(first);
    nextCheck = clock.instant().plus(checkInterval);
  }

  /**
   * Loads a web config file.
   *
   * @param authExempt request paths served without basic auth (never without TLS)
   * @throws ConfigException with every problem of the file, each at its file:line:column
   */
  public static WebSecurity load(Path file, List<String> authExempt, Clock clock)
      throws ConfigException {
    return new WebSecurity(
        file,
        authExempt,
        clock,
        DEFAULT_CHECK_INTERVAL,
        new WebConfigLoader(System::getenv),
        BasicAuth.PasswordCheck.BCRYPT);
  }

  /** The web config file's settings, when {@code http.web-config-file} names one. */
  public static Optional<WebSecurity> of(HttpConfig http, Clock clock) throws ConfigException {
    return http.webConfigFile().isEmpty()
        ? Optional.empty()
        : Optional.of(load(http.webConfigFile().get(), http.authExempt(), clock));
  }

  /** For tests: a chosen check interval, environment and password check. */
  static WebSecurity load(
      Path file,
      List<String> authExempt,
      Clock clock,
      Duration checkInterval,
      Function<String, String> env,
      BasicAuth.PasswordCheck passwordCheck)
      throws ConfigException {
    return new WebSecurity(
        file, authExempt, clock, checkInterval, new WebConfigLoader(env), passwordCheck);
  }

  /**
   * The TLS context the server is built with; null when the file has no tls_server_config. The
   * server asks as each connection opens, so this is also where changed files are looked for (at
   * most once per check interval) when no request needs basic auth.
   */
  @Override
  public @Nullable SSLContext sslContext() {
    maybeReload();
    return tls == null ? null : tls.context();
  }

  @Override
  public boolean authorized(String path, String authorizationHeader) {
    return exempt(path) || authorized(authorizationHeader);
  }

  @Override
  public boolean needClientAuth() {
    return tlsConfig().map(t -> t.clientAuth().need()).orElse(false);
  }

  @Override
  public boolean wantClientAuth() {
    return tlsConfig().map(t -> t.clientAuth().want()).orElse(false);
  }

  /** The enabled protocol versions, by the JDK's names ({@code TLSv1.3}); empty without TLS. */
  @Override
  public List<String> protocols() {
    return tlsConfig().map(TlsServerConfig::protocols).orElse(List.of());
  }

  /** The enabled cipher suites, by the JDK's names; empty for the JDK's defaults. */
  @Override
  public List<String> cipherSuites() {
    return tlsConfig().map(TlsServerConfig::cipherSuites).orElse(List.of());
  }

  /**
   * Applies the current protocols, cipher suites, suite order and client certificate policy to a
   * new connection's parameters ({@code engine.getSSLParameters()}, then set them back). Also looks
   * for changed files, at most once per check interval.
   */
  public void configure(SSLParameters parameters) {
    maybeReload();
    tlsConfig()
        .ifPresent(
            t -> {
              parameters.setProtocols(t.protocols().toArray(new String[0]));
              if (!t.cipherSuites().isEmpty()) {
                parameters.setCipherSuites(t.cipherSuites().toArray(new String[0]));
              }
              parameters.setUseCipherSuitesOrder(t.preferServerCipherSuites());
              if (t.clientAuth().need()) {
                parameters.setNeedClientAuth(true);
              } else {
                parameters.setWantClientAuth(t.clientAuth().want());
              }
            });
  }

  /**
   * Whether a request with this {@code Authorization} header may pass: true when the file has no
   * basic_auth_users. Also looks for changed files, at most once per check interval.
   */
  public boolean authorized(String authorizationHeader) {
    maybeReload();
    return loaded.auth().authorized(authorizationHeader);
  }

  /** Whether basic auth is on, so the server can answer 401 with a {@code WWW-Authenticate}. */
  public boolean authEnabled() {
    return loaded.auth().enabled();
  }

  /** Whether a request path (without its query) is served without basic auth. */
  public boolean exempt(String path) {
    return exempt.contains(path);
  }

  /** The file's {@code http_server_config.headers}, to add to every response. */
  @Override
  public Map<String, String> responseHeaders() {
    return loaded.config().headers();
  }

  public Status status() {
    return status;
  }

  /** {@link #reloadIfChanged()} when the check interval has passed since the last look. */
  public boolean maybeReload() {
    Instant now = clock.instant();
    if (now.isBefore(nextCheck)) {
      return false;
    }
    nextCheck = now.plus(checkInterval);
    return reloadIfChanged();
  }

  /**
   * Reads the files again if any changed (by content) since the config in force was loaded.
   *
   * @return whether a new config is now in force; false when nothing changed, when another thread
   *     is reloading, or when the new files are refused (see {@link #status()})
   */
  public boolean reloadIfChanged() {
    if (!reloading.tryLock()) {
      return false;
    }
    try {
      Loaded old = loaded;
      Map<Path, String> files = old.config().files();
      if (fingerprint(files.keySet()).equals(files) && status.lastReloadSuccessful()) {
        return false;
      }
      try {
        WebConfig next = loader.load(file);
        LiveTls.Managers managers = prepareTls(next);
        BasicAuth auth = next.users().equals(old.config().users()) ? old.auth() : auth(next);
        if (managers != null && tls != null) {
          tls.swap(managers);
        }
        loaded = new Loaded(next, auth);
        status = success(next);
        log.info("web config {} reloaded: {}", file, next.summary());
        return true;
      } catch (ConfigException e) {
        String error = Objects.toString(e.getMessage(), e.toString());
        if (!status.lastError().equals(Optional.of(error))) {
          log.warn("web config {} not reloaded, the previous one stays in force:\n{}", file, error);
        }
        status =
            new Status(
                file.toString(),
                old.config().summary(),
                false,
                status.lastSuccess(),
                Optional.of(error),
                status.certificateNotAfter());
        return false;
      }
    } finally {
      reloading.unlock();
    }
  }

  private LiveTls.@Nullable Managers prepareTls(WebConfig next) throws ConfigException {
    if ((tls == null) != next.tls().isEmpty()) {
      throw single(
          tls == null
              ? "tls_server_config was added: turning TLS on needs a restart"
              : "tls_server_config was removed: turning TLS off needs a restart");
    }
    if (tls == null) {
      return null;
    }
    try {
      return tls.managers(next.tls().get());
    } catch (IOException e) {
      throw tlsError(e);
    }
  }

  private Optional<TlsServerConfig> tlsConfig() {
    return loaded.config().tls();
  }

  private BasicAuth auth(WebConfig config) {
    return new BasicAuth(config.users(), passwordCheck, MAX_AUTH_WAIT_MILLIS);
  }

  private Status success(WebConfig config) {
    return new Status(
        file.toString(),
        config.summary(),
        true,
        clock.instant(),
        Optional.empty(),
        config.tls().map(t -> t.chain().get(0).getNotAfter().toInstant()));
  }

  private ConfigException tlsError(IOException e) {
    return single("tls_server_config: cannot build the TLS context: " + e.getMessage());
  }

  private ConfigException single(String message) {
    return new ConfigException(List.of(new ConfigError(file.toString(), 0, 0, "", message)));
  }

  /** Each file's content hash, or why it could not be read: any difference is a change. */
  private static Map<Path, String> fingerprint(Collection<Path> files) {
    Map<Path, String> prints = new LinkedHashMap<>();
    for (Path f : files) {
      String print;
      try {
        print = WebConfigLoader.sha256(PemFiles.readBounded(f));
      } catch (IOException e) {
        print = "unreadable: " + PemFiles.describe(e);
      }
      prints.put(f, print);
    }
    return prints;
  }

  @Override
  public String toString() {
    return "WebSecurity["
        + file
        + ": "
        + loaded.config().summary()
        + ", exempt "
        + String.join(", ", exempt)
        + "]";
  }
}
