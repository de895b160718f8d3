package io.kshealth.core.testing;

import io.kshealth.core.tls.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The test CA and the certificates it signed ({@code src/test/resources/tls/}, made by its {@code
 * make-fixtures.sh}), copied into a test's directory, where tests can point config files at them
 * and overwrite them to rotate. For example, a receiver on 127.0.0.1 that a client trusting {@code
 * ca.pem} accepts:
 *
 * <pre>
 * TlsFixtures tls = TlsFixtures.copyTo(dir);
 * HttpsServer server = ...; server.setHttpsConfigurator(new HttpsConfigurator(tls.server()));
 * </pre>
 */
public final class TlsFixtures {

  /**
   * The fixtures: {@code ca.pem} signed {@code server.pem} (localhost, 127.0.0.1) and {@code
   * client.pem}; {@code other-ca.pem} signed nothing here; {@code rsa-pkcs1.pem} and {@code
   * ec-sec1.pem} are self-signed, their keys in the old PKCS#1 RSA and SEC1 EC forms.
   */
  public static final String[] FILES = {
    "ca.pem",
    "other-ca.pem",
    "server.pem",
    "server-key.pem",
    "client.pem",
    "client-key.pem",
    "rsa-pkcs1.pem",
    "rsa-pkcs1-key.pem",
    "ec-sec1.pem",
    "ec-sec1-key.pem"
  };

  private final Path dir;

  private TlsFixtures(Path dir) {
    this.dir = dir;
  }

  /** Copies every fixture into {@code dir}. */
  public static TlsFixtures copyTo(Path dir) {
    try {
      for (String name : FILES) {
        try (InputStream in = TlsFixtures.class.getResourceAsStream("/tls/" + name)) {
          if (in == null) {
            throw new IOException("no test fixture /tls/" + name + " on the class path");
          }
          Files.write(dir.resolve(name), in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TlsFixtures(dir);
  }

  /** One of the copied files, such as {@code ca.pem}. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** A server's context with {@code server.pem}, trusting client certificates of {@code ca.pem}. */
  public SSLContext server() {
    try {
      return TlsContexts.context(
          TlsContexts.keyManagers(file("server.pem"), file("server-key.pem")),
          TlsContexts.trustManagers(file("ca.pem")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
