package io.kshealth.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.testing.TlsFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real PEM files as OpenSSL writes them (see {@code tls/make-fixtures.sh}), and broken ones. */
class PemFilesTest {

  @TempDir Path dir;
  TlsFixtures tls;

  @BeforeEach
  void copy() {
    tls = TlsFixtures.copyTo(dir);
  }

  @Test
  void readsCertificatesAndABundle() throws Exception {
    X509Certificate server = PemFiles.certificates(tls.file("server.pem")).get(0);
    assertEquals("CN=localhost", server.getSubjectX500Principal().getName());
    assertEquals("CN=kshealth-test-ca", server.getIssuerX500Principal().getName());

    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(
        bundle,
        "# two CAs\n"
            + Files.readString(tls.file("ca.pem"))
            + Files.readString(tls.file("other-ca.pem")));
    List<X509Certificate> cas = PemFiles.certificates(bundle);
    assertEquals(2, cas.size());
    assertEquals(2, PemFiles.trustStore(bundle).size());
  }

  @Test
  void readsRsaAndEcKeysWithTheirCertificates() throws Exception {
    assertEquals("RSA", PemFiles.privateKey(tls.file("server-key.pem")).getAlgorithm());
    assertEquals("EC", PemFiles.privateKey(tls.file("client-key.pem")).getAlgorithm());
    KeyStore client = PemFiles.keyStore(tls.file("client.pem"), tls.file("client-key.pem"));
    assertTrue(client.isKeyEntry("key"));
    assertEquals(1, client.getCertificateChain("key").length);
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> PemFiles.keyStore(tls.file("server.pem"), tls.file("client-key.pem")));
    assertEquals(
        tls.file("client-key.pem")
            + ": this key does not belong to the first certificate of "
            + tls.file("server.pem"),
        e.getMessage());
  }

  @Test
  void anOldFormKeyGetsTheCommandThatConvertsIt() throws Exception {
    IOException e =
        assertThrows(IOException.class, () -> PemFiles.privateKey(tls.file("rsa-pkcs1-key.pem")));
    assertTrue(e.getMessage().contains("'RSA PRIVATE KEY' block"), e.getMessage());
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    assertNoKeyMaterial(e, tls.file("rsa-pkcs1-key.pem"));
  }

  @Test
  void brokenFilesGetOneLineNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing.pem");
    assertEquals(
        missing + ": no such file",
        assertThrows(IOException.class, () -> PemFiles.certificates(missing)).getMessage());

    Path keyNotCert = tls.file("server-key.pem");
    IOException e = assertThrows(IOException.class, () -> PemFiles.certificates(keyNotCert));
    assertEquals(
        keyNotCert + ": no PEM certificate in it (-----BEGIN CERTIFICATE-----)", e.getMessage());
    assertNoKeyMaterial(e, keyNotCert);

    Path certNotKey = tls.file("ca.pem");
    assertEquals(
        certNotKey + ": expected one PEM private key (-----BEGIN PRIVATE KEY-----), found 0",
        assertThrows(IOException.class, () -> PemFiles.privateKey(certNotKey)).getMessage());

    Path garbage =
        Files.writeString(
            dir.resolve("garbage.pem"),
            "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n");
    assertTrue(
        assertThrows(IOException.class, () -> PemFiles.certificates(garbage))
            .getMessage()
            .startsWith(garbage + ": "));

    Path badDer =
        Files.writeString(
            dir.resolve("bad-der.pem"),
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertTrue(
        assertThrows(IOException.class, () -> PemFiles.certificates(badDer))
            .getMessage()
            .startsWith(badDer + ": not a valid certificate"));

    Path huge = dir.resolve("huge.pem");
    Files.write(huge, new byte[2 * 1024 * 1024]);
    assertEquals(
        huge + ": larger than 1024 KiB; not PEM",
        assertThrows(IOException.class, () -> PemFiles.certificates(huge)).getMessage());
  }

  /** No line of the key's base64 appears in the message. */
  private static void assertNoKeyMaterial(IOException e, Path keyFile) throws IOException {
    for (String line : Files.readAllLines(keyFile)) {
      if (!line.startsWith("-----") && line.length() > 8) {
        assertFalse(e.getMessage().contains(line), e.getMessage());
      }
    }
  }
}
