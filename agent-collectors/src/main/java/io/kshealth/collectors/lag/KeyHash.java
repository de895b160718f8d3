package io.kshealth.collectors.lag;

import io.kshealth.core.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the evidence of where a group stopped says of a record's key ({@code evidence.key}): by
 * default nothing but its size; with {@code hmac}, its HMAC-SHA256 under a secret of this install,
 * so that two captures of one key can be matched and a key the operator holds can be checked, while
 * a low-entropy key (a customer number) cannot be found by hashing guesses, as a plain hash could.
 * The secret is 32 random bytes in the agent's data dir ({@value #FILE}, mode 0600), made once and
 * kept: the same key hashes the same across restarts.
 */
final class KeyHash {

  /** {@code evidence.key}. */
  enum Mode {
    NONE,
    HMAC
  }

  static final String FILE = "evidence-key.secret";
  static final AtomicFile.Header HEADER = new AtomicFile.Header("evidence-key", 1);
  static final int SECRET_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  static final KeyHash NONE = new KeyHash(null);

  private static final Logger log = LoggerFactory.getLogger(KeyHash.class);

  private final @Nullable SecretKeySpec secret;

  private KeyHash(byte @Nullable [] secret) {
    this.secret = secret == null ? null : new SecretKeySpec(secret, ALGORITHM);
  }

  /**
   * The hash {@code mode} asks for. Without a data dir (none configured, or unwritable at start) or
   * a secret that cannot be read or made, {@code hmac} falls back to {@code none}, said in the log:
   * the agent keeps running and its evidence shows no key at all, never a plain one.
   */
  static KeyHash of(Mode mode, Optional<Path> dataDir, String collector) {
    if (mode == Mode.NONE) {
      return NONE;
    }
    if (dataDir.isEmpty()) {
      log.warn(
          "Collector {}: evidence.key is hmac, but the agent has no data dir to keep its secret in"
              + " (history.data-dir): evidence shows no key, only its size",
          collector);
      return NONE;
    }
    try {
      return new KeyHash(secret(dataDir.get().resolve(FILE)));
    } catch (IOException e) {
      log.warn(
          "Collector {}: evidence.key is hmac, but its secret {} cannot be read or made ({}):"
              + " evidence shows no key, only its size",
          collector,
          dataDir.get().resolve(FILE),
          e.getMessage());
      return NONE;
    }
  }

  /** The install's secret: read, or made once (two collectors of one agent share it). */
  static synchronized byte[] secret(Path file) throws IOException {
    if (!Files.exists(file)) {
      AtomicFile.deleteStaleTemp(file);
      byte[] made = new byte[SECRET_BYTES];
      new SecureRandom().nextBytes(made);
      AtomicFile.writeOwnerOnly(file, HEADER, out -> out.write(made));
    }
    AtomicFile.Contents contents = AtomicFile.read(file);
    if (!contents.header().equals(Optional.of(HEADER)) || contents.body().length != SECRET_BYTES) {
      // Never made anew over a bad one: the hashes of earlier captures would stop matching.
      throw new IOException("not a secret of " + SECRET_BYTES + " bytes written by kshealth");
    }
    return contents.body();
  }

  /** Whether the record reader must keep keys' bytes. */
  boolean keepsKeys() {
    return secret != null;
  }

  String mode() {
    return secret == null ? "none" : "hmac";
  }

  /** The key's HMAC in hex; empty without a secret or a key. */
  Optional<String> hmac(byte @Nullable [] key) {
    if (secret == null || key == null) {
      return Optional.empty();
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      return Optional.of(HexFormat.of().formatHex(mac.doFinal(key)));
    } catch (GeneralSecurityException e) {
      // Every JDK has HmacSHA256 and the key is 32 bytes: this cannot happen.
      throw new IllegalStateException(e);
    }
  }
}
