package io.kshealth.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Certificates and keys in PEM, as OpenSSL, Go, cert-manager and Kubernetes secrets hold them,
 * turned into what JSSE takes: certificate bundles, and unencrypted keys in PKCS#8 ({@code PRIVATE
 * KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}) form, read
 * without BouncyCastle. Every failure is an {@link IOException} whose message starts with the file
 * (or the origin the caller names) and says what is wrong, never any key material. For example:
 *
 * <pre>
 * KeyStore trust = PemFiles.trustStore(Path.of("/etc/kshealth/ca.pem"));
 * KeyStore own = PemFiles.keyStore(Path.of("client.pem"), Path.of("client-key.pem"));
 * </pre>
 *
 * PEM already in memory (inline in a config file) goes through the methods that take an {@code
 * origin}: the message prefix, empty for none.
 */
public final class PemFiles {

  /** The password of the in-memory key stores {@link #keyStore} makes: none, they never leave. */
  public static final char[] NO_PASSWORD = new char[0];

  /** The most bytes {@link #read} reads: a PEM bundle is kilobytes, so more is a wrong path. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  /** Key algorithms a PKCS#8 key may hold, tried in order (the text does not name it). */
  private static final List<String> KEY_ALGORITHMS =
      List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

  private PemFiles() {}

  /** Every {@code CERTIFICATE} block of the file, in file order (a chain: leaf first). */
  public static List<X509Certificate> certificates(Path file) throws IOException {
    return certificates(file.toString(), read(file));
  }

  /** Every {@code CERTIFICATE} block of PEM text, in order; at least one. */
  public static List<X509Certificate> certificates(String origin, String pem) throws IOException {
    List<X509Certificate> certificates = new ArrayList<>();
    CertificateFactory x509;
    try {
      x509 = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("every JDK reads X.509", e);
    }
    for (PemBlocks.Block b : PemBlocks.read(origin, pem)) {
      if (b.type().equals("CERTIFICATE")) {
        try {
          certificates.add(
              (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(b.der())));
        } catch (CertificateException e) {
          throw problem(
              origin,
              "certificate "
                  + (certificates.size() + 1)
                  + " is not a valid X.509 certificate: "
                  + e.getMessage());
        }
      }
    }
    if (certificates.isEmpty()) {
      throw problem(origin, "no PEM certificate in it (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /** The one unencrypted private key of the file. */
  public static PrivateKey privateKey(Path file) throws IOException {
    return privateKey(file.toString(), read(file));
  }

  /** The one unencrypted private key of PEM text, in PKCS#8, PKCS#1 RSA or SEC1 EC form. */
  public static PrivateKey privateKey(String origin, String pem) throws IOException {
    List<PemBlocks.Block> keys =
        PemBlocks.read(origin, pem).stream().filter(b -> b.type().endsWith("PRIVATE KEY")).toList();
    if (keys.size() != 1) {
      throw problem(
          origin,
          keys.isEmpty()
              ? "no PEM private key in it (-----BEGIN PRIVATE KEY-----, or RSA or EC PRIVATE KEY)"
              : "found " + keys.size() + " private keys, expected one");
    }
    PemBlocks.Block key = keys.get(0);
    byte[] pkcs8;
    try {
      pkcs8 =
          switch (key.type()) {
            case "PRIVATE KEY" -> key.der();
            case "RSA PRIVATE KEY" -> LegacyKeys.fromPkcs1(key.der());
            case "EC PRIVATE KEY" -> LegacyKeys.fromSec1(key.der());
            case "ENCRYPTED PRIVATE KEY" -> throw encrypted(origin);
            default ->
                throw problem(
                    origin,
                    "unsupported key type '"
                        + key.type()
                        + "'; expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY");
          };
    } catch (IllegalArgumentException e) {
      throw problem(origin, Objects.toString(e.getMessage(), e.toString()));
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | RuntimeException e) {
        // Not this algorithm; try the next.
      }
    }
    throw problem(
        origin, "the " + key.type() + " is not a key of a known algorithm " + KEY_ALGORITHMS);
  }

  /**
   * Fails unless a signature made with the key verifies with the certificate's public key (for RSA:
   * the moduli are equal), so a wrong key file is a config error, not a failed handshake.
   */
  public static void checkKeyMatches(
      String keyOrigin, PrivateKey key, String certOrigin, X509Certificate certificate)
      throws IOException {
    if (!belongTogether(key, certificate.getPublicKey())) {
      throw problem(
          keyOrigin,
          "this key does not belong to the first certificate"
              + (certOrigin.isEmpty() ? "" : " of " + certOrigin));
    }
  }

  /** A key store that trusts every certificate of the file (a CA bundle). */
  public static KeyStore trustStore(Path caFile) throws IOException {
    return trustStore(certificates(caFile));
  }

  /** A key store that trusts these certificates. */
  public static KeyStore trustStore(List<X509Certificate> cas) throws IOException {
    KeyStore store = emptyStore();
    try {
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make a trust store: " + e.getMessage(), e);
    }
    return store;
  }

  /**
   * A key store holding one key (alias {@code key}, password {@link #NO_PASSWORD}) with its
   * certificate chain; an error when the key does not belong to the chain's first certificate.
   */
  public static KeyStore keyStore(Path certFile, Path keyFile) throws IOException {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    checkKeyMatches(keyFile.toString(), key, certFile.toString(), chain.get(0));
    return keyStore("key", key, chain);
  }

  /** A key store holding one key under {@code alias} (password {@link #NO_PASSWORD}). */
  public static KeyStore keyStore(String alias, PrivateKey key, List<X509Certificate> chain)
      throws IOException {
    KeyStore store = emptyStore();
    try {
      store.setKeyEntry(alias, key, NO_PASSWORD, chain.toArray(new Certificate[0]));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make a key store: " + e.getMessage(), e);
    }
    return store;
  }

  /**
   * The file's text, refusing files over {@link #MAX_FILE_BYTES}; Latin-1, which reads any bytes (a
   * binary file just holds no PEM block) and gives them back unchanged.
   */
  public static String read(Path file) throws IOException {
    try {
      return new String(readBounded(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw problem(file.toString(), describe(e), e);
    }
  }

  /** Why {@link #readBounded} failed, in words for a message after the file's name. */
  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * A file's bytes, at most {@link #MAX_FILE_BYTES}, for callers that hash or parse what they read
   * (a web config and the PEM files it names). The exceptions do not name the file: NIO's for a
   * missing or unreadable one, else the limit.
   */
  public static byte[] readBounded(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new IOException("larger than the limit of " + (MAX_FILE_BYTES >> 20) + " MiB");
      }
      return bytes;
    }
  }

  /** Whether a signature made with the key verifies with the certificate's public key. */
  private static boolean belongTogether(PrivateKey key, PublicKey certified) {
    if (key instanceof RSAKey rsa) { // RSA and RSASSA-PSS: no signing needed
      return certified instanceof RSAKey pub && rsa.getModulus().equals(pub.getModulus());
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "DSA" -> "SHA256withDSA";
          case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      return true; // no cheap check for this algorithm: the TLS handshake checks the pair anyway
    }
    try {
      byte[] probe = "kshealth key check".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(certified);
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // such as a certificate for another algorithm
    }
  }

  private static KeyStore emptyStore() throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      return store;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make a key store: " + e.getMessage(), e);
    }
  }

  static IOException encrypted(String origin) {
    return problem(
        origin,
        "the private key is encrypted; kshealth reads unencrypted keys only (decrypt it with"
            + " 'openssl pkey -in KEY -out PLAIN' and restrict the file's permissions)");
  }

  /** A message that starts with the origin (when there is one). */
  static IOException problem(String origin, String what) {
    return problem(origin, what, null);
  }

  private static IOException problem(String origin, String what, @Nullable Throwable cause) {
    return new IOException(origin.isEmpty() ? what : origin + ": " + what, cause);
  }
}
