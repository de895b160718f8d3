package io.kshealth.core.http.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * PEM certificates and private keys, as openssl and Go write them: PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC PRIVATE KEY}) keys, the last two
 * wrapped into PKCS#8 here so the JDK's key factories read them without BouncyCastle. Problems are
 * {@link IllegalArgumentException}s whose message says what is wrong, never the key's bytes.
 */
final class Pem {

  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";
  // DER of the AlgorithmIdentifier OIDs a wrapped key needs: rsaEncryption and id-ecPublicKey.
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  private static final byte[] EC_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };
  private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};

  private Pem() {}

  /** Every certificate in the text, in order; at least one. */
  static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> certs = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
    for (Block b : blocks(pem)) {
      if (!b.type().equals("CERTIFICATE")) {
        continue;
      }
      try {
        certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
      } catch (CertificateException e) {
        throw new IllegalArgumentException(
            "certificate " + (certs.size() + 1) + " is not a valid X.509 certificate");
      }
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
    }
    return certs;
  }

  /** The one private key in the text, of the algorithm of {@code publicKey}, checked against it. */
  static PrivateKey privateKey(String pem, PublicKey publicKey) {
    if (pem.contains("ENCRYPTED")) {
      throw new IllegalArgumentException(
          "the private key is encrypted; kshealth reads unencrypted keys only (decrypt it with"
              + " 'openssl pkey -in KEY -out PLAIN' and restrict the file's permissions)");
    }
    List<Block> keys = blocks(pem).stream().filter(b -> b.type().endsWith("PRIVATE KEY")).toList();
    if (keys.size() != 1) {
      throw new IllegalArgumentException(
          keys.isEmpty()
              ? "no PEM private key (-----BEGIN PRIVATE KEY-----) found"
              : "found " + keys.size() + " private keys, expected one");
    }
    Block key = keys.get(0);
    byte[] pkcs8 =
        switch (key.type()) {
          case "PRIVATE KEY" -> key.der();
          case "RSA PRIVATE KEY" -> sequence(VERSION_ZERO, RSA_ALGORITHM, der(0x04, key.der()));
          case "EC PRIVATE KEY" ->
              sequence(VERSION_ZERO, sequence(EC_OID, ecCurve(key.der())), der(0x04, key.der()));
          default ->
              throw new IllegalArgumentException(
                  "unsupported key type '"
                      + key.type()
                      + "'; expected PRIVATE KEY, RSA PRIVATE KEY"
                      + " or EC PRIVATE KEY");
        };
    PrivateKey privateKey;
    try {
      privateKey =
          KeyFactory.getInstance(publicKey.getAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "the private key does not match the certificate (it is not a valid "
              + publicKey.getAlgorithm()
              + " key)");
    }
    if (!matches(privateKey, publicKey)) {
      throw new IllegalArgumentException("the private key does not match the certificate");
    }
    return privateKey;
  }

  private static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    if (privateKey instanceof RSAKey priv && publicKey instanceof RSAKey pub) {
      return priv.getModulus().equals(pub.getModulus());
    }
    String algorithm =
        switch (publicKey.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448" -> publicKey.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      return true; // no cheap check for this algorithm: the handshake will tell
    }
    try {
      byte[] probe = "kshealth key check".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(privateKey);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(publicKey);
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The named-curve OID (tag [0]) inside a SEC1 ECPrivateKey. */
  private static byte[] ecCurve(byte[] sec1) {
    Der seq = Der.read(sec1, 0);
    if (seq.tag() != 0x30) {
      throw new IllegalArgumentException("EC PRIVATE KEY is not a DER sequence");
    }
    int at = seq.contentStart();
    while (at < seq.end()) {
      Der element = Der.read(sec1, at);
      if (element.tag() == 0xa0) {
        Der oid = Der.read(sec1, element.contentStart());
        if (oid.tag() == 0x06) {
          return Arrays.copyOfRange(sec1, element.contentStart(), oid.end());
        }
      }
      at = element.end();
    }
    throw new IllegalArgumentException(
        "EC PRIVATE KEY names no curve; convert it with 'openssl pkcs8 -topk8 -nocrypt'");
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    return der(0x30, content.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    if (content.length < 0x80) {
      out.write(content.length);
    } else {
      byte[] length = BigInteger.valueOf(content.length).toByteArray();
      int skip = length[0] == 0 ? 1 : 0;
      out.write(0x80 | (length.length - skip));
      out.write(length, skip, length.length - skip);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** The PEM blocks of a text, read line by line (linear in the text, whatever it holds). */
  private static List<Block> blocks(String pem) {
    List<Block> blocks = new ArrayList<>();
    String type = null;
    StringBuilder body = new StringBuilder();
    for (String line : pem.split("\r?\n")) {
      String trimmed = line.strip();
      if (type == null) {
        if (trimmed.startsWith(BEGIN) && trimmed.endsWith(DASHES)) {
          type = trimmed.substring(BEGIN.length(), trimmed.length() - DASHES.length());
          body.setLength(0);
        }
      } else if (trimmed.equals("-----END " + type + DASHES)) {
        blocks.add(new Block(type, decode(type, body)));
        type = null;
      } else if (trimmed.contains(":")) { // RFC 1421 headers such as Proc-Type: 4,ENCRYPTED
        throw new IllegalArgumentException(
            type
                + " has PEM headers (an encrypted or legacy key); kshealth reads unencrypted"
                + " keys only");
      } else {
        body.append(trimmed);
      }
    }
    if (type != null) {
      throw new IllegalArgumentException(type + " block has no END line");
    }
    return blocks;
  }

  private static byte[] decode(String type, CharSequence base64) {
    try {
      return Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(type + " block is not valid base64");
    }
  }

  private record Block(String type, byte[] der) {}

  /**
   * PEM text as the web config gives it: the field it came from ({@code cert_file} or inline {@code
   * cert}) and where, as a message prefix ({@code "/etc/tls/key.pem: "}, empty inline).
   */
  record Source(String field, String origin, String text) {}

  /** One DER element's tag and extent; enough to walk a SEC1 key. */
  private record Der(int tag, int contentStart, int end) {
    static Der read(byte[] b, int at) {
      if (at + 2 > b.length) {
        throw new IllegalArgumentException("truncated DER in private key");
      }
      int tag = b[at] & 0xff;
      int length = b[at + 1] & 0xff;
      int start = at + 2;
      if (length >= 0x80) {
        int n = length & 0x7f;
        if (n == 0 || n > 3 || start + n > b.length) {
          throw new IllegalArgumentException("bad DER length in private key");
        }
        length = 0;
        for (int i = 0; i < n; i++) {
          length = (length << 8) | (b[start + i] & 0xff);
        }
        start += n;
      }
      if (start + length > b.length) {
        throw new IllegalArgumentException("truncated DER in private key");
      }
      return new Der(tag, start, start + length);
    }
  }
}
