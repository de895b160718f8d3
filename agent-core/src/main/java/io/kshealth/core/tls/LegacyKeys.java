package io.kshealth.core.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The older private key forms openssl and Go still write, PKCS#1 RSA ({@code RSA PRIVATE KEY}) and
 * SEC1 EC ({@code EC PRIVATE KEY}), wrapped into PKCS#8 so the JDK's key factories read them
 * without BouncyCastle: a PKCS#8 key is the old key as an octet string behind a version and the
 * algorithm's identifier. Problems are {@link IllegalArgumentException}s that never quote the key.
 */
final class LegacyKeys {

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

  private LegacyKeys() {}

  /** A PKCS#1 {@code RSAPrivateKey} as PKCS#8. */
  static byte[] fromPkcs1(byte[] pkcs1) {
    return sequence(VERSION_ZERO, RSA_ALGORITHM, der(0x04, pkcs1));
  }

  /** A SEC1 {@code ECPrivateKey} as PKCS#8; its curve goes into the algorithm's parameters. */
  static byte[] fromSec1(byte[] sec1) {
    return sequence(VERSION_ZERO, sequence(EC_OID, ecCurve(sec1)), der(0x04, sec1));
  }

  /** The named-curve OID (tag [0]) inside a SEC1 ECPrivateKey. */
  private static byte[] ecCurve(byte[] sec1) {
    Der seq = Der.read(sec1, 0);
    if (seq.tag() != 0x30) {
      throw new IllegalArgumentException("the EC PRIVATE KEY is not a DER sequence");
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
        "the EC PRIVATE KEY names no curve; convert it with 'openssl pkcs8 -topk8 -nocrypt'");
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

  /** One DER element's tag and extent; enough to walk a SEC1 key. */
  private record Der(int tag, int contentStart, int end) {
    static Der read(byte[] b, int at) {
      if (at + 2 > b.length) {
        throw new IllegalArgumentException("truncated DER in the private key");
      }
      int tag = b[at] & 0xff;
      int length = b[at + 1] & 0xff;
      int start = at + 2;
      if (length >= 0x80) {
        int n = length & 0x7f;
        if (n == 0 || n > 3 || start + n > b.length) {
          throw new IllegalArgumentException("bad DER length in the private key");
        }
        length = 0;
        for (int i = 0; i < n; i++) {
          length = (length << 8) | (b[start + i] & 0xff);
        }
        start += n;
      }
      if (start + length > b.length) {
        throw new IllegalArgumentException("truncated DER in the private key");
      }
      return new Der(tag, start, start + length);
    }
  }
}
