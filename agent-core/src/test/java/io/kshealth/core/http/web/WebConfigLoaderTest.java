package io.kshealth.core.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.config.ConfigException;
import io.kshealth.core.testing.TestTls;
import io.kshealth.core.testing.TestTls.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WebConfigLoaderTest {

  @TempDir Path dir;
  private TestTls.Pki pki;
  private final WebConfigLoader loader = new WebConfigLoader(name -> null);

  @BeforeEach
  void ca() throws IOException {
    pki = TestTls.ca(dir);
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, yaml);
    return file;
  }

  private List<String> errors(String yaml) throws IOException {
    Path file = write(yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file));
    return e.errors().stream().map(err -> err.format().replace(dir + "/", "")).toList();
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void readsEveryKeyForm(KeyType type) throws Exception {
    pki.issue("server", type, "DNS:localhost");
    WebConfig c =
        loader.load(write("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"));
    TlsServerConfig tls = c.tls().orElseThrow();
    assertEquals(tls.chain().get(0).getPublicKey().getAlgorithm(), tls.key().getAlgorithm());
    assertEquals(List.of("TLSv1.2", "TLSv1.3"), tls.protocols());
    assertEquals(ClientAuthType.NoClientCert, tls.clientAuth());
    assertEquals(
        List.of(dir.resolve("web.yml"), dir.resolve("server.pem"), dir.resolve("server.key")),
        List.copyOf(c.files().keySet()));
  }

  @Test
  void readsInlinePemAndTheRestOfTheFormat() throws Exception {
    pki.issue("server", KeyType.EC, "DNS:localhost");
    String cert = Files.readString(dir.resolve("server.pem")).replace("\n", "\n    ");
    String key = Files.readString(dir.resolve("server.key")).replace("\n", "\n    ");
    WebConfig c =
        loader.load(
            write(
                "tls_server_config:\n  cert: |\n    "
                    + cert
                    + "\n  key: |\n    "
                    + key
                    + "\n"
                    + "  client_auth_type: RequireAnyClientCert\n"
                    + "  min_version: TLS13\n"
                    + "  cipher_suites: [TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305]\n"
                    + "  prefer_server_cipher_suites: false\n"
                    + "http_server_config:\n  http2: false\n  headers:\n"
                    + "    Strict-Transport-Security: max-age=31536000\n"
                    + "    X-Frame-Options: DENY\n"
                    + "basic_auth_users:\n  alice: "
                    + TestTls.bcrypt("pw")
                    + "\n"));
    TlsServerConfig tls = c.tls().orElseThrow();
    assertEquals(ClientAuthType.RequireAnyClientCert, tls.clientAuth());
    assertEquals(List.of("TLSv1.3"), tls.protocols());
    assertEquals(
        List.of(
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256"),
        tls.cipherSuites());
    assertEquals(
        Map.of("Strict-Transport-Security", "max-age=31536000", "X-Frame-Options", "DENY"),
        c.headers());
    assertEquals(List.of("alice"), List.copyOf(c.users().keySet()));
    assertEquals(List.of(dir.resolve("web.yml")), List.copyOf(c.files().keySet()));
  }

  @Test
  void reportsEveryErrorAtItsPositionWithoutEchoingSecrets() throws Exception {
    assertEquals(
        List.of(
            "web.yml:2:3: tls_server_config.key_file: missing key_file (or key)",
            "web.yml:2:14: tls_server_config.cert_file: cannot read missing.pem: no such file",
            "web.yml:3:3: tls_server_config.key_fil: unknown key 'key_fil'; did you mean 'key_file'?",
            "web.yml:4:21: tls_server_config.client_auth_type: unknown client_auth_type 'Sometimes'; expected one of [NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert]",
            "web.yml:5:16: tls_server_config.min_version: unknown TLS version 'TLS14'; expected one of [TLS10, TLS11, TLS12, TLS13]",
            "web.yml:6:18: tls_server_config.cipher_suites: unknown cipher suite 'TLS_FANCY'; expected Go's names, such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "web.yml:9:5: http_server_config.headers.X-Powered-By: header 'X-Powered-By' cannot be set; allowed: "
                + "[Content-Security-Policy, X-Frame-Options, X-Content-Type-Options,"
                + " X-XSS-Protection, Strict-Transport-Security]",
            "web.yml:10:29: http_server_config.headers.X-Content-Type-Options: invalid value 'sniff': expected nosniff",
            "web.yml:12:10: basic_auth_users.alice: not a bcrypt hash: expected $2a$, $2b$ or $2y$, a two-digit cost, '$' and 53 characters (make one with: htpasswd -nBC 10 alice)",
            "web.yml:13:1: rate_limit: unknown key 'rate_limit'"),
        errors(
            "tls_server_config:\n"
                + "  cert_file: missing.pem\n"
                + "  key_fil: server.key\n"
                + "  client_auth_type: Sometimes\n"
                + "  min_version: TLS14\n"
                + "  cipher_suites: [TLS_FANCY]\n"
                + "http_server_config:\n"
                + "  headers:\n"
                + "    X-Powered-By: kshealth\n"
                + "    X-Content-Type-Options: sniff\n"
                + "basic_auth_users:\n"
                + "  alice: hunter2\n"
                + "rate_limit: {}\n"));
  }

  @Test
  void checksKeysAgainstCertificatesAndClientAuthAgainstCa() throws Exception {
    pki.issue("server", KeyType.RSA, "DNS:localhost");
    pki.issue("other", KeyType.RSA, "DNS:localhost");
    assertEquals(
        List.of(
            "web.yml:3:13: tls_server_config.key_file: other.key: this key does not belong to the first certificate of server.pem",
            "web.yml:4:21: tls_server_config.client_auth_type: RequireAndVerifyClientCert needs client_ca_file (or client_ca)"),
        errors(
            "tls_server_config:\n  cert_file: server.pem\n  key_file: other.key\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n"));
    assertEquals(
        List.of(
            "web.yml:5:24: tls_server_config.client_allowed_sans: needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert"),
        errors(
            "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"
                + "  client_auth_type: RequestClientCert\n"
                + "  client_allowed_sans: [x]\n"));
    assertEquals(
        List.of(
            "web.yml:4:19: tls_server_config.client_ca_file: a client CA is set but client_auth_type is NoClientCert"),
        errors(
            "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"
                + "  client_ca_file: ca.pem\n"));
    assertEquals(
        List.of("web.yml:2:3: tls_server_config.key_file: missing key_file (or key)"),
        errors("tls_server_config:\n  cert_file: server.pem\n"));
  }

  @Test
  void refusesEncryptedAndGarbagePem() throws Exception {
    pki.issue("server", KeyType.RSA, "DNS:localhost");
    TestTls.openssl(
        dir, "pkcs8", "-topk8", "-in", "server.key", "-passout", "pass:x", "-out", "enc.key");
    Files.writeString(
        dir.resolve("garbage.pem"),
        "-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n");
    Files.writeString(dir.resolve("begins.pem"), "-----BEGIN CERTIFICATE-----\n".repeat(30_000));
    Files.write(dir.resolve("binary.pem"), new byte[] {0, (byte) 0xff, 0x30, (byte) 0x82, 1});
    String tls = "tls_server_config:\n  cert_file: %s\n  key_file: %s\n";
    assertTrue(
        errors(tls.formatted("server.pem", "enc.key"))
            .get(0)
            .contains("the private key is encrypted"));
    assertTrue(
        errors(tls.formatted("garbage.pem", "server.key"))
            .get(0)
            .endsWith("CERTIFICATE block is not valid base64"));
    assertTrue(
        errors(tls.formatted("begins.pem", "server.key"))
            .get(0)
            .endsWith("CERTIFICATE block has no END line"));
    assertTrue(
        errors(tls.formatted("binary.pem", "server.key"))
            .get(0)
            .endsWith("no PEM certificate in it (-----BEGIN CERTIFICATE-----)"));
    assertTrue(
        errors(tls.formatted("server.pem", "server.pem"))
            .get(0)
            .endsWith(
                "no PEM private key in it (-----BEGIN PRIVATE KEY-----, or RSA or EC PRIVATE KEY)"));
  }

  @Test
  void hostileFilesGetOneLineErrors() throws Exception {
    Files.write(dir.resolve("big.pem"), new byte[WebConfigLoader.MAX_FILE_BYTES + 1]);
    assertEquals(
        List.of(
            "web.yml:2:3: tls_server_config.key_file: missing key_file (or key)",
            "web.yml:2:14: tls_server_config.cert_file: cannot read big.pem: larger than the limit of 1 MiB"),
        errors("tls_server_config:\n  cert_file: big.pem\n"));
    assertEquals(
        List.of("web.yml: cannot read web config file: larger than the limit of 1 MiB"),
        errors("# " + "x".repeat(WebConfigLoader.MAX_FILE_BYTES)));
    StringBuilder laughs =
        new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'z'; c++) {
      char p = (char) (c - 1);
      laughs
          .append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(p)
          .append(", *")
          .append(p)
          .append(", *")
          .append(p)
          .append(", *")
          .append(p)
          .append(", *")
          .append(p)
          .append("]\n");
    }
    List<String> bomb = errors(laughs.toString());
    assertEquals(1, bomb.size(), bomb.toString());
    List<String> deep = errors("basic_auth_users: " + "[".repeat(100_000));
    assertEquals(1, deep.size(), deep.toString());
    assertTrue(deep.get(0).startsWith("web.yml"), deep.get(0));
  }

  @Test
  void missingFileAndEmptyFile() throws Exception {
    Path nope = dir.resolve("nope.yml");
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(nope));
    assertEquals(nope + ": cannot read web config file: no such file", e.getMessage());
    WebConfig empty = loader.load(write(""));
    assertTrue(empty.tls().isEmpty() && empty.users().isEmpty() && empty.headers().isEmpty());
  }
}
