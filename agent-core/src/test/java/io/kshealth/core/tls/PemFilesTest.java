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
  void readsOldFormKeysAsOpensslAndGoWriteThem() throws Exception {
    assertEquals("RSA", PemFiles.privateKey(tls.file("rsa-pkcs1-key.pem")).getAlgorithm());
    assertEquals("EC", PemFiles.privateKey(tls.file("ec-sec1-key.pem")).getAlgorithm());
    assertTrue(
        PemFiles.keyStore(tls.file("rsa-pkcs1.pem"), tls.file("rsa-pkcs1-key.pem"))
            .isKeyEntry("key"));
    assertTrue(
        PemFiles.keyStore(tls.file("ec-sec1.pem"), tls.file("ec-sec1-key.pem")).isKeyEntry("key"));
  }

  @Test
  void anEncryptedKeyGetsTheCommandThatDecryptsIt() throws Exception {
    Path encrypted =
        Files.writeString(
            dir.resolve("encrypted-key.pem"),
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0B\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
    IOException e = assertThrows(IOException.class, () -> PemFiles.privateKey(encrypted));
    assertTrue(e.getMessage().startsWith(encrypted + ": the private key is encrypted"));
    assertTrue(e.getMessage().contains("openssl pkey -in KEY -out PLAIN"), e.getMessage());
    assertNoKeyMaterial(e, encrypted);

    Path legacy =
        Files.writeString(
            dir.resolve("legacy-encrypted-key.pem"),
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                + "MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0B\n-----END RSA PRIVATE KEY-----\n");
    IOException old = assertThrows(IOException.class, () -> PemFiles.privateKey(legacy));
    assertTrue(old.getMessage().startsWith(legacy + ": the private key is encrypted"));
    assertNoKeyMaterial(old, legacy);
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
        certNotKey
            + ": no PEM private key in it (-----BEGIN PRIVATE KEY-----, or RSA or EC PRIVATE KEY)",
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
            .startsWith(badDer + ": certificate 1 is not a valid X.509 certificate"));

    Path huge = dir.resolve("huge.pem");
    Files.write(huge, new byte[2 * 1024 * 1024]);
    assertEquals(
        huge + ": larger than the limit of 1 MiB",
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
