package io.kshealth.core.testing;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.kshealth.core.tls.TlsContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Test certificates made with {@code openssl} at test time: a CA, server and client certificates
 * signed by it, and a web config file (exporter-toolkit format) that serves them. For TLS tests in
 * any module, through agent-core's test jar, that need certificates of a chosen key form or subject
 * alternative names, or fresh ones to rotate to; tests that need only a fixed CA, server and client
 * take {@link TlsFixtures}, which costs no openssl run.
 *
 * <pre>{@code
 * TestTls.Server s = TestTls.server(dir, "basic_auth_users:\n  alice: " + TestTls.bcrypt("pw"));
 * HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trusting(s.pki().caCert())).build();
 * }</pre>
 */
public final class TestTls {

  /** A basic auth password with its bcrypt hash below, for tests that cannot hash. */
  public static final String PASSWORD = "kshealth-test-password";

  /**
   * {@link #PASSWORD}'s bcrypt hash at cost 4, precomputed so that a module testing without the
   * agent's jars on its class path (src-it) needs no bcrypt library.
   */
  public static final String PASSWORD_HASH =
      "$2y$04$NRhkmxeF6wvPe2BnYvkmpOwqwRypAYaAJSaBrPjVhWfZ.aOL8BMSu";

  private TestTls() {}

  /** How a key is generated, and so which PEM form its file has. */
  public enum KeyType {
    /** RSA 2048 in PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    RSA("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out"),
    /** RSA 2048 in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
    RSA_PKCS1("genrsa", "-traditional", "-out"),
    /** EC P-256 in PKCS#8. */
    EC("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out"),
    /** EC P-256 in SEC1 ({@code BEGIN EC PRIVATE KEY}). */
    EC_SEC1("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out");

    private final List<String> args;

    KeyType(String... args) {
      this.args = List.of(args);
    }
  }

  /** A CA in a directory, which issues certificates into the same directory. */
  public record Pki(Path dir, Path caCert, Path caKey) {

    /**
     * Issues {@code name.pem} (the certificate) and {@code name.key} signed by the CA, for a {@code
     * CN=name} with the given subject alternative names ({@code DNS:localhost}, {@code
     * IP:127.0.0.1}); returns the certificate's path.
     */
    public Path issue(String name, KeyType keyType, String... sans) throws IOException {
      Path key = dir.resolve(name + ".key");
      List<String> genkey = new ArrayList<>(keyType.args);
      genkey.add(key.toString());
      if (keyType == KeyType.RSA_PKCS1) {
        genkey.add("2048");
      }
      openssl(dir, genkey.toArray(new String[0]));
      Path csr = dir.resolve(name + ".csr");
      openssl(
          dir,
          "req",
          "-new",
          "-key",
          key.toString(),
          "-subj",
          "/CN=" + name,
          "-out",
          csr.toString());
      Path ext = dir.resolve(name + ".ext");
      Files.writeString(
          ext,
          "basicConstraints=CA:FALSE\n"
              + (sans.length == 0 ? "" : "subjectAltName=" + String.join(",", sans) + "\n"));
      Path cert = dir.resolve(name + ".pem");
      openssl(
          dir,
          "x509",
          "-req",
          "-in",
          csr.toString(),
          "-CA",
          caCert.toString(),
          "-CAkey",
          caKey.toString(),
          "-CAcreateserial",
          "-days",
          "2",
          "-extfile",
          ext.toString(),
          "-out",
          cert.toString());
      return cert;
    }
  }

  /** A server's files: its certificate and key, issued by {@code pki}, and a web config file. */
  public record Server(Pki pki, Path cert, Path key, Path webConfig) {}

  /** A new CA ({@code ca.pem}, {@code ca.key}) in {@code dir}. */
  public static Pki ca(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path caKey = dir.resolve("ca.key");
    Path caCert = dir.resolve("ca.pem");
    openssl(
        dir,
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        caKey.toString());
    openssl(
        dir,
        "req",
        "-x509",
        "-new",
        "-key",
        caKey.toString(),
        "-subj",
        "/CN=kshealth test CA",
        "-days",
        "2",
        "-out",
        caCert.toString());
    return new Pki(dir, caCert, caKey);
  }

  /**
   * A CA, a server certificate for {@code localhost} and {@code 127.0.0.1} ({@code server.pem},
   * {@code server.key}) and {@code web.yml} serving them, with {@code moreYaml} appended (top-level
   * keys such as {@code basic_auth_users}, or more {@code tls_server_config} keys indented by two).
   */
  public static Server server(Path dir, String moreYaml) throws IOException {
    Pki pki = ca(dir);
    Path cert = pki.issue("server", KeyType.EC, "DNS:localhost", "IP:127.0.0.1");
    Path webConfig = dir.resolve("web.yml");
    Files.writeString(
        webConfig,
        "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n" + moreYaml);
    return new Server(pki, cert, dir.resolve("server.key"), webConfig);
  }

  /** A bcrypt hash of a password at the lowest cost (4), so tests stay fast. */
  public static String bcrypt(String password) {
    return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, password.toCharArray());
  }

  /** A client TLS context that trusts the CA, for the JDK's HttpClient. */
  public static SSLContext trusting(Path caCert) throws IOException {
    return TlsContexts.context(null, TlsContexts.trustManagers(caCert));
  }

  /**
   * A client TLS context that trusts the CA and presents a certificate {@link Pki#issue}d (its key
   * beside it: {@code name.key} for {@code name.pem}).
   */
  public static SSLContext client(Path caCert, Path clientCert) throws IOException {
    Path key =
        clientCert.resolveSibling(clientCert.getFileName().toString().replace(".pem", ".key"));
    return TlsContexts.context(
        TlsContexts.keyManagers(clientCert, key), TlsContexts.trustManagers(caCert));
  }

  /** Runs openssl in a directory; fails with its output when it fails. */
  public static void openssl(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed:\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      p.destroy();
    }
  }
}
