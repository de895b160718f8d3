package io.kshealth.alerts.notify;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert's identity as Alertmanager computes it (Prometheus' {@code model.LabelSet.Fingerprint}):
 * FNV-1a, 64 bits, over the labels sorted by name, each name and value followed by the byte 0xff;
 * printed as 16 hex digits. Receivers of the webhook use it to tell alerts apart.
 */
final class Fingerprint {

  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private Fingerprint() {}

  static String of(Map<String, String> labels) {
    long hash = OFFSET;
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      hash = add(hash, e.getKey().getBytes(StandardCharsets.UTF_8));
      hash = addByte(hash, (byte) 0xff);
      hash = add(hash, e.getValue().getBytes(StandardCharsets.UTF_8));
      hash = addByte(hash, (byte) 0xff);
    }
    return String.format("%016x", hash);
  }

  private static long add(long hash, byte[] bytes) {
    for (byte b : bytes) {
      hash = addByte(hash, b);
    }
    return hash;
  }

  private static long addByte(long hash, byte b) {
    return (hash ^ (b & 0xff)) * PRIME;
  }
}
