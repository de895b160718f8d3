package io.kshealth.core.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.TestTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WebSecurity} behind a server that handshakes through {@link javax.net.ssl.SSLEngine}, as
 * Jetty does: the JDK's own HTTPS server, configured per connection.
 */
class WebSecurityEngineTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private HttpsServer server;

  private String start(WebSecurity web) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(web.sslContext()) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = getSSLContext().getDefaultSSLParameters();
            web.configure(p);
            params.setSSLParameters(p);
          }
        });
    server.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static X509Certificate served(SSLContext client, String url) throws Exception {
    HttpResponse<Void> r =
        HttpClient.newBuilder()
            .sslContext(client)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding());
    assertEquals(200, r.statusCode());
    return (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  @Test
  void rotatesAndChecksClientCertificatesThroughAnEngine() throws Exception {
    TestTls.Server s =
        TestTls.server(
            dir, "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n");
    WebSecurity web =
        WebSecurity.load(
            s.webConfig(),
            List.of(),
            clock,
            Duration.ofSeconds(5),
            name -> null,
            BasicAuth.PasswordCheck.BCRYPT);
    String url = start(web);
    Path client = s.pki().issue("prometheus", TestTls.KeyType.EC);
    Path ca = s.pki().caCert();

    X509Certificate first = served(TestTls.client(ca, client), url);
    assertThrows(IOException.class, () -> served(TestTls.trusting(ca), url));

    s.pki().issue("server", TestTls.KeyType.RSA, "IP:127.0.0.1");
    clock.advance(Duration.ofSeconds(5));
    X509Certificate second = served(TestTls.client(ca, client), url);
    assertNotEquals(first.getSerialNumber(), second.getSerialNumber());
    assertEquals("RSA", second.getPublicKey().getAlgorithm());
    assertTrue(web.status().lastReloadSuccessful());
  }
}
