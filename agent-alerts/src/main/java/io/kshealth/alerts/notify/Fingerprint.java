package io.kshealth.alerts.notify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An alert's identity as Alertmanager computes it (Prometheus' {@code model.LabelSet.Fingerprint}):
 * 64-bit FNV-1a over the labels sorted by name, each written as name, byte 0xff, value, byte 0xff;
 * printed as 16 lower-case hex digits. Webhook receivers use it to tell alerts apart, so it must
 * match Alertmanager's bit for bit; the agent keeps an alert's evidence under it too.
 */
public final class Fingerprint {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final int SEPARATOR = 0xff;

  private Fingerprint() {}

  public static String of(Map<String, String> labels) {
    List<byte[][]> pairs = new ArrayList<>();
    labels.forEach((name, value) -> pairs.add(new byte[][] {utf8(name), utf8(value)}));
    // Go sorts names as byte strings; Java's String order differs beyond the BMP.
    pairs.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    long hash = FNV_OFFSET;
    for (byte[][] pair : pairs) {
      hash = add(hash, pair[0]);
      hash = add(hash, SEPARATOR);
      hash = add(hash, pair[1]);
      hash = add(hash, SEPARATOR);
    }
    return String.format("%016x", hash);
  }

  private static long add(long hash, byte[] bytes) {
    for (byte b : bytes) {
      hash = add(hash, b & 0xff);
    }
    return hash;
  }

  private static long add(long hash, int octet) {
    return (hash ^ octet) * FNV_PRIME;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
