package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.io.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyHashTest {

  private static final byte[] KEY = "customer-42".getBytes(StandardCharsets.UTF_8);

  @Test
  void theSecretIsMadeOnceReadableByTheAgentOnlyAndKeysHashUnderIt(@TempDir Path dir)
      throws Exception {
    KeyHash first = KeyHash.of(KeyHash.Mode.HMAC, Optional.of(dir), "lag");
    Path file = dir.resolve(KeyHash.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    AtomicFile.Contents secret = AtomicFile.read(file);
    assertEquals(Optional.of(KeyHash.HEADER), secret.header());
    assertEquals(32, secret.body().length);
    assertTrue(first.keepsKeys());
    assertEquals("hmac", first.mode());

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.body(), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal(KEY));
    assertEquals(Optional.of(expected), first.hmac(KEY));

    KeyHash again = KeyHash.of(KeyHash.Mode.HMAC, Optional.of(dir), "lag");
    assertEquals(Optional.of(expected), again.hmac(KEY), "the same secret after a restart");
    assertArrayEquals(secret.body(), AtomicFile.read(file).body());
    assertEquals(Optional.empty(), again.hmac(null), "a record without a key");
  }

  @Test
  void withoutADataDirOrWithABadSecretNoKeyIsShown(@TempDir Path dir) throws Exception {
    KeyHash none = KeyHash.of(KeyHash.Mode.HMAC, Optional.empty(), "lag");
    assertFalse(none.keepsKeys());
    assertEquals("none", none.mode());
    assertEquals(Optional.empty(), none.hmac(KEY));

    Path file = Files.writeString(dir.resolve(KeyHash.FILE), "short");
    assertEquals("none", KeyHash.of(KeyHash.Mode.HMAC, Optional.of(dir), "lag").mode());
    assertEquals("short", Files.readString(file), "never made anew over the old one");
  }

  @Test
  void noneNeedsNoDataDir(@TempDir Path dir) {
    assertEquals("none", KeyHash.of(KeyHash.Mode.NONE, Optional.of(dir), "lag").mode());
    assertFalse(Files.exists(dir.resolve(KeyHash.FILE)));
  }
}
