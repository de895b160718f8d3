package io.kshealth.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and keys from PEM files, as OpenSSL, cert-manager and Kubernetes secrets hold them,
 * turned into the key stores JSSE takes. Every failure is an {@link IOException} whose message
 * names the file and says what is wrong, never any key material. For example:
 *
 * <pre>
 * KeyStore trust = PemFiles.trustStore(Path.of("/etc/kshealth/ca.pem"));
 * KeyStore own = PemFiles.keyStore(Path.of("client.pem"), Path.of("client-key.pem"));
 * </pre>
 */
public final class PemFiles {

  /** The password of the in-memory key stores {@link #keyStore} makes: none, they never leave. */
  public static final char[] NO_PASSWORD = new char[0];

  private static final long MAX_FILE_BYTES = 1024 * 1024;

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  /** Key algorithms a PKCS#8 key may hold, tried in order (the file does not name it in text). */
  private static final List<String> KEY_ALGORITHMS =
      List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

  private PemFiles() {}

  /** Every {@code CERTIFICATE} block of the file, in file order (a chain: leaf first). */
  public static List<X509Certificate> certificates(Path file) throws IOException {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(file, "CERTIFICATE")) {
        certificates.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException e) {
      throw new IOException(file + ": not a valid certificate: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IOException(file + ": no PEM certificate in it (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /** The unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) of the file. */
  public static PrivateKey privateKey(Path file) throws IOException {
    String text = read(file);
    for (String old : List.of("RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY")) {
      if (text.contains("-----BEGIN " + old + "-----")) {
        throw new IOException(
            file
                + ": a '"
                + old
                + "' block; give an unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'), such as"
                + " 'openssl pkcs8 -topk8 -nocrypt' writes");
      }
    }
    List<byte[]> keys = blocks(file, text, "PRIVATE KEY");
    if (keys.size() != 1) {
      throw new IOException(
          file
              + ": expected one PEM private key (-----BEGIN PRIVATE KEY-----), found "
              + keys.size());
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // Not this algorithm; try the next.
      }
    }
    throw new IOException(file + ": not a PKCS#8 key of a known algorithm " + KEY_ALGORITHMS);
  }

  /** A key store that trusts every certificate of the file (a CA bundle). */
  public static KeyStore trustStore(Path caFile) throws IOException {
    KeyStore store = emptyStore();
    List<X509Certificate> cas = certificates(caFile);
    try {
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(caFile + ": " + e.getMessage(), e);
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
    if (!belongTogether(key, chain.get(0).getPublicKey())) {
      throw new IOException(
          keyFile + ": this key does not belong to the first certificate of " + certFile);
    }
    KeyStore store = emptyStore();
    try {
      store.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
    } catch (GeneralSecurityException e) {
      throw new IOException(keyFile + ": " + e.getMessage(), e);
    }
    return store;
  }

  /** Whether a signature made with the key verifies with the certificate's public key. */
  private static boolean belongTogether(PrivateKey key, PublicKey certified) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "DSA" -> "SHA256withDSA";
          case "RSASSA-PSS" -> null;
          default -> key.getAlgorithm(); // EdDSA signs under the key's own name
        };
    if (algorithm == null) {
      return true; // PSS needs parameters to sign; the TLS handshake checks the pair anyway
    }
    try {
      byte[] probe = "kshealth".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(certified);
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
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

  private static List<byte[]> blocks(Path file, String type) throws IOException {
    return blocks(file, read(file), type);
  }

  private static List<byte[]> blocks(Path file, String text, String type) throws IOException {
    List<byte[]> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ": a '" + type + "' block that is not valid base64", e);
        }
      }
    }
    return blocks;
  }

  /** Bounded: a PEM bundle is kilobytes; a path that names a huge file by mistake is an error. */
  private static String read(Path file) throws IOException {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IOException(file + ": larger than " + MAX_FILE_BYTES / 1024 + " KiB; not PEM");
      }
      // Latin-1 reads any bytes: a binary file just holds no PEM block.
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException(file + ": permission denied", e);
    }
  }
}
