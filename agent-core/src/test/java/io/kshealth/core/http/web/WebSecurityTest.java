package io.kshealth.core.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Sample;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.HttpConfig;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.TestTls;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSecurityTest {

  private static final List<String> EXEMPT = List.of("/healthz", "/readyz");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();

  private WebSecurity load(Path webConfig) throws ConfigException {
    return WebSecurity.load(
        webConfig,
        EXEMPT,
        clock,
        Duration.ofSeconds(5),
        name -> null,
        BasicAuth.PasswordCheck.BCRYPT);
  }

  private static HttpResponse<String> get(SSLContext tls, String url, String userPassword)
      throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (userPassword != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static BigInteger servedSerial(HttpResponse<?> response) throws Exception {
    return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0])
        .getSerialNumber();
  }

  @Test
  void servesTlsWithBasicAuthAndExemptProbes() throws Exception {
    TestTls.Server s =
        TestTls.server(
            dir,
            "http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n"
                + "basic_auth_users:\n  alice: "
                + TestTls.bcrypt("s3cret")
                + "\n");
    WebSecurity web = load(s.webConfig());
    SSLContext trustCa = TestTls.trusting(s.pki().caCert());
    try (TestHttpsServer server = new TestHttpsServer(web)) {
      HttpResponse<String> ok = get(trustCa, server.url("/metrics"), "alice:s3cret");
      assertEquals(200, ok.statusCode());
      assertEquals("nosniff", ok.headers().firstValue("X-Content-Type-Options").orElse(null));
      assertEquals(
          "CN=server",
          ((X509Certificate) ok.sslSession().orElseThrow().getPeerCertificates()[0])
              .getSubjectX500Principal()
              .getName());
      assertEquals(401, get(trustCa, server.url("/metrics"), "alice:wrong").statusCode());
      assertEquals(401, get(trustCa, server.url("/metrics"), "mallory:s3cret").statusCode());
      assertEquals(401, get(trustCa, server.url("/metrics"), null).statusCode());
      assertEquals(200, get(trustCa, server.url("/healthz"), null).statusCode());
      assertEquals(200, get(trustCa, server.url("/readyz"), null).statusCode());
      // TLS is never exempt: plain HTTP to the TLS port gets no answer
      assertThrows(
          IOException.class,
          () -> get(trustCa, "http://127.0.0.1:" + server.port() + "/healthz", null));
      // nor does a client that does not trust the CA
      assertThrows(
          IOException.class, () -> get(SSLContext.getDefault(), server.url("/healthz"), null));
    }
    assertTrue(web.status().lastReloadSuccessful());
    assertTrue(web.status().summary().contains("basic auth on for 1 user(s)"));
  }

  @Test
  void withoutTlsServerConfigTheServerIsPlainHttp() throws Exception {
    Path webConfig = dir.resolve("web.yml");
    Files.writeString(webConfig, "basic_auth_users:\n  bob: " + TestTls.bcrypt("pw") + "\n");
    WebSecurity web = load(webConfig);
    assertNull(web.sslContext());
    try (TestHttpsServer server = new TestHttpsServer(web)) {
      assertEquals(200, get(SSLContext.getDefault(), server.url("/x"), "bob:pw").statusCode());
      assertEquals(401, get(SSLContext.getDefault(), server.url("/x"), "bob:no").statusCode());
    }
  }

  @Test
  void requiredClientCertificateIsChecked() throws Exception {
    TestTls.Server s =
        TestTls.server(
            dir,
            "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n"
                + "  client_allowed_sans: [\"DNS:prometheus\", prometheus.example, \"::1\"]\n");
    WebSecurity web = load(s.webConfig());
    assertTrue(web.needClientAuth());
    Path allowed = s.pki().issue("prometheus", TestTls.KeyType.EC, "DNS:prometheus.example");
    Path otherName = s.pki().issue("other", TestTls.KeyType.EC, "DNS:other.example");
    Path byIpv6 = s.pki().issue("v6", TestTls.KeyType.EC, "IP:0:0:0:0:0:0:0:1");
    TestTls.Pki strangers = TestTls.ca(dir.resolve("strangers"));
    Path stranger = strangers.issue("stranger", TestTls.KeyType.EC, "DNS:prometheus.example");
    Path ca = s.pki().caCert();
    try (TestHttpsServer server = new TestHttpsServer(web)) {
      assertEquals(
          200, get(TestTls.client(ca, allowed), server.url("/metrics"), null).statusCode());
      assertEquals(200, get(TestTls.client(ca, byIpv6), server.url("/metrics"), null).statusCode());
      assertThrows(
          IOException.class, () -> get(TestTls.trusting(ca), server.url("/metrics"), null));
      assertThrows(
          IOException.class, () -> get(TestTls.client(ca, otherName), server.url("/m"), null));
      assertThrows(
          IOException.class, () -> get(TestTls.client(ca, stranger), server.url("/m"), null));
    }
  }

  @Test
  void rotatedCertificateServesTheNextHandshakeAndABrokenOneKeepsTheOld() throws Exception {
    TestTls.Server s = TestTls.server(dir, "");
    WebSecurity web = load(s.webConfig());
    // A client context per request: a resumed TLS session keeps the certificate it began with.
    Callable<SSLContext> newClient = () -> TestTls.trusting(s.pki().caCert());
    try (TestHttpsServer server = new TestHttpsServer(web)) {
      BigInteger first = servedSerial(get(newClient.call(), server.url("/"), null));
      assertFalse(web.reloadIfChanged(), "nothing changed");

      s.pki().issue("server", TestTls.KeyType.RSA_PKCS1, "IP:127.0.0.1"); // overwrites both files
      assertTrue(web.reloadIfChanged());
      BigInteger second = servedSerial(get(newClient.call(), server.url("/"), null));
      assertNotEquals(first, second);

      // a key that does not match the certificate: refused, the old pair serves on
      Files.copy(dir.resolve("ca.key"), s.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertFalse(web.reloadIfChanged());
      WebSecurity.Status status = web.status();
      assertFalse(status.lastReloadSuccessful());
      assertTrue(
          status
              .lastError()
              .orElseThrow()
              .contains(
                  "key_file: "
                      + s.key()
                      + ": this key does not belong to the first certificate of "
                      + s.cert()),
          status.lastError().orElseThrow());
      assertEquals(second, servedSerial(get(newClient.call(), server.url("/"), null)));

      // fixed again: picked up on the clock's next check, through a new connection
      s.pki().issue("server", TestTls.KeyType.EC, "IP:127.0.0.1");
      clock.advance(Duration.ofSeconds(5));
      assertNotEquals(second, servedSerial(get(newClient.call(), server.url("/"), null)));
      assertTrue(web.status().lastReloadSuccessful());
    }
  }

  @Test
  void looksForChangedFilesAtMostOncePerCheckInterval() throws Exception {
    TestTls.Server s = TestTls.server(dir, "");
    WebSecurity web = load(s.webConfig());
    Files.writeString(
        s.webConfig(),
        Files.readString(s.webConfig()) + "basic_auth_users:\n  a: " + TestTls.bcrypt("pw") + "\n");
    assertTrue(web.authorized(null), "not looked at yet");
    clock.advance(Duration.ofSeconds(4));
    assertFalse(web.maybeReload());
    clock.advance(Duration.ofSeconds(1));
    assertFalse(web.authorized(null), "the request looked, and found basic auth on");
    assertTrue(web.authEnabled());
    assertFalse(web.maybeReload());
  }

  @Test
  void fromTheAgentsHttpConfig() throws Exception {
    TestTls.Server s = TestTls.server(dir, "");
    HttpConfig http = new HttpConfig("127.0.0.1", 0);
    assertTrue(WebSecurity.of(http, clock).isEmpty());
    WebSecurity web = WebSecurity.of(http.withWebConfigFile(s.webConfig()), clock).orElseThrow();
    assertTrue(web.exempt("/healthz") && web.exempt("/readyz") && !web.exempt("/metrics"));
    assertTrue(web.sslContext() != null);
  }

  @Test
  void turningTlsOffNeedsARestart() throws Exception {
    TestTls.Server s = TestTls.server(dir, "");
    WebSecurity web = load(s.webConfig());
    Files.writeString(s.webConfig(), "basic_auth_users: {}\n");
    assertFalse(web.reloadIfChanged());
    assertTrue(web.status().lastError().orElseThrow().contains("turning TLS off needs a restart"));
    assertEquals(List.of("TLSv1.2", "TLSv1.3"), web.protocols());
  }

  @Test
  void configureAppliesVersionsSuitesAndClientAuth() throws Exception {
    TestTls.Server s =
        TestTls.server(
            dir,
            "  min_version: TLS12\n  max_version: TLS12\n"
                + "  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n"
                + "  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ca.pem\n");
    WebSecurity web = load(s.webConfig());
    SSLParameters p = new SSLParameters();
    web.configure(p);
    assertEquals(List.of("TLSv1.2"), List.of(p.getProtocols()));
    assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), List.of(p.getCipherSuites()));
    assertTrue(p.getWantClientAuth());
    assertFalse(p.getNeedClientAuth());
    assertTrue(p.getUseCipherSuitesOrder());
    try (TestHttpsServer server = new TestHttpsServer(web)) {
      HttpResponse<String> r = get(TestTls.trusting(s.pki().caCert()), server.url("/"), null);
      assertEquals("TLSv1.2", r.sslSession().orElseThrow().getProtocol());
      assertEquals(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", r.sslSession().orElseThrow().getCipherSuite());
    }
  }

  @Test
  void badFileAtStartNamesFileAndField() throws Exception {
    TestTls.Server s = TestTls.server(dir, "  client_auth_type: RequireClientCertPlease\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(s.webConfig()));
    assertEquals(
        s.webConfig()
            + ":4:21: tls_server_config.client_auth_type: unknown client_auth_type"
            + " 'RequireClientCertPlease'; expected one of [NoClientCert, RequestClientCert,"
            + " RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert]",
        e.getMessage());
  }

  @Test
  void metricsShowTheReloadOutcomeAndCertificateExpiry() throws Exception {
    TestTls.Server s = TestTls.server(dir, "");
    WebSecurity web = load(s.webConfig());
    Map<String, Double> ok = metrics(web);
    assertEquals(1.0, ok.get("kshealth_web_config_last_reload_successful"));
    assertEquals(
        clock.millis() / 1000.0,
        ok.get("kshealth_web_config_last_reload_success_timestamp_seconds"));
    double expiry = ok.get("kshealth_web_tls_certificate_expiry_timestamp_seconds");
    assertTrue(expiry > System.currentTimeMillis() / 1000.0 + 86_400, "issued for two days");

    Files.writeString(s.cert(), "garbage");
    clock.advance(Duration.ofSeconds(5));
    assertFalse(web.maybeReload());
    Map<String, Double> failed = metrics(web);
    assertEquals(0.0, failed.get("kshealth_web_config_last_reload_successful"));
    assertEquals(
        ok.get("kshealth_web_config_last_reload_success_timestamp_seconds"),
        failed.get("kshealth_web_config_last_reload_success_timestamp_seconds"));
    assertEquals(expiry, failed.get("kshealth_web_tls_certificate_expiry_timestamp_seconds"));
  }

  private Map<String, Double> metrics(WebSecurity web) {
    Map<String, Double> values = new java.util.HashMap<>();
    for (Sample sample : WebSecurityMetrics.samples(web.status(), clock.millis())) {
      values.put(sample.metric().name(), sample.value());
    }
    return values;
  }
}
