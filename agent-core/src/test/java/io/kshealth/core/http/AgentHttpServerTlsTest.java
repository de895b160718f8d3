package io.kshealth.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.config.HttpConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam a web config file plugs into ({@link HttpSecurity}): TLS with a context that can be
 * swapped (certificate rotation), basic auth with exempt paths, extra response headers. Keys come
 * from the JDK's own keytool.
 */
class AgentHttpServerTlsTest {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final String AUTH = "Basic dXNlcjpwYXNz";

  @TempDir static Path dir;
  private static KeyStore first;
  private static KeyStore second;
  private final TestSecurity security = new TestSecurity();
  private AgentHttpServer server;

  /** TLS from {@link #context}, basic auth except on /healthz, one extra header. */
  private static final class TestSecurity implements HttpSecurity {
    volatile SSLContext context;

    @Override
    public SSLContext sslContext() {
      return context;
    }

    @Override
    public boolean authorized(String path, String authorization) {
      return path.equals("/healthz") || AUTH.equals(authorization);
    }

    @Override
    public Map<String, String> responseHeaders() {
      return Map.of("X-Content-Type-Options", "nosniff");
    }
  }

  /** Two keytool runs for the class: a JVM each. */
  @BeforeAll
  static void keys() throws Exception {
    first = keyStore("first");
    second = keyStore("second");
  }

  @BeforeEach
  void start() throws Exception {
    security.context = serverContext(first);
    server =
        new AgentHttpServer(new HttpConfig("127.0.0.1", 0), security, new PrometheusRegistry());
    server.probe("/healthz", HttpRoute.get(r -> RouteResponse.text(200, "ok\n")));
    server.route("/data", new HttpRoute(Set.of("GET"), r -> RouteResponse.text(200, "data\n")));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesTlsWithBasicAuthAndExemptProbes() throws Exception {
    HttpClient client = client(first);
    HttpResponse<String> ok =
        client.send(request("/data").header("Authorization", AUTH).build(), ofString());
    assertEquals(200, ok.statusCode());
    assertEquals("nosniff", ok.headers().firstValue("X-Content-Type-Options").orElseThrow());

    HttpResponse<String> denied = client.send(request("/data").build(), ofString());
    assertEquals(401, denied.statusCode());
    assertTrue(denied.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
    HttpResponse<String> wrong =
        client.send(
            request("/data").header("Authorization", "Basic d3Jvbmc6d3Jvbmc=").build(), ofString());
    assertEquals(401, wrong.statusCode());

    assertEquals(200, client.send(request("/healthz").build(), ofString()).statusCode());
  }

  @Test
  void plainHttpToTheTlsPortFails() {
    HttpRequest plain =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
            .timeout(Duration.ofSeconds(10))
            .build();
    assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(plain, ofString()));
  }

  @Test
  void aRotatedCertificateServesNewConnections() throws Exception {
    assertEquals(200, client(first).send(request("/healthz").build(), ofString()).statusCode());
    assertThrows(
        IOException.class,
        () -> client(second).send(request("/healthz").build(), ofString()),
        "the second certificate is not served yet");

    security.context = serverContext(second);
    assertEquals(200, client(second).send(request("/healthz").build(), ofString()).statusCode());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(10));
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  /** A key pair and self-signed certificate for 127.0.0.1, made by keytool. */
  private static KeyStore keyStore(String name) throws Exception {
    Path file = dir.resolve(name + ".p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertEquals(0, keytool.waitFor(), output);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD);
    }
    return store;
  }

  private static SSLContext serverContext(KeyStore keys) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /** A client that trusts only the certificate in {@code keys}. */
  private static HttpClient client(KeyStore keys) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    String alias = keys.aliases().nextElement();
    trust.setCertificateEntry(alias, keys.getCertificate(alias));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).build();
  }
}
