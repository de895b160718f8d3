package io.kshealth.alerts.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.kshealth.api.Evidence;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The evidence captured for each alert, by the alert's fingerprint, in memory only (a restart
 * forgets it: the evidence describes a moment that has passed). Bounded in bytes for all alerts
 * together, the oldest capture dropped first; an alert's evidence goes when the alert does (its
 * resolved entry dropped, or a pending alert that never fired gone). Thread-safe.
 */
public final class EvidenceStore {

  static final Metric STORED_BYTES =
      Metric.gauge(
          "kshealth_evidence_stored_bytes",
          "Evidence kept for alerts (alerting.evidence.max-bytes at most), in bytes of its text.");

  private static final JsonFactory JSON = new JsonFactory();

  private final long maxBytes;
  private final Deque<StoredEvidence> oldestFirst = new ArrayDeque<>();
  private final Map<String, List<StoredEvidence>> byFingerprint = new HashMap<>();
  private long bytes;

  public EvidenceStore(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Keeps a capture for an alert, dropping the oldest captures while the total is past the bound.
   */
  public void add(String fingerprint, String collector, Evidence evidence) {
    StoredEvidence stored =
        new StoredEvidence(
            fingerprint,
            collector,
            evidence,
            size(collector, evidence),
            isObject(evidence.detail()));
    synchronized (this) {
      oldestFirst.addLast(stored);
      byFingerprint.computeIfAbsent(fingerprint, f -> new ArrayList<>()).add(stored);
      bytes += stored.bytes();
      while (bytes > maxBytes) {
        StoredEvidence oldest = oldestFirst.removeFirst();
        List<StoredEvidence> of = Objects.requireNonNull(byFingerprint.get(oldest.fingerprint()));
        of.remove(0);
        if (of.isEmpty()) {
          byFingerprint.remove(oldest.fingerprint());
        }
        bytes -= oldest.bytes();
      }
    }
  }

  /** An alert's captures, oldest first. */
  public synchronized List<StoredEvidence> of(String fingerprint) {
    return List.copyOf(byFingerprint.getOrDefault(fingerprint, List.of()));
  }

  /** The annotations of an alert's captures for receivers; a newer capture's replace an older's. */
  public synchronized Map<String, String> annotations(String fingerprint) {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (StoredEvidence e : byFingerprint.getOrDefault(fingerprint, List.of())) {
      annotations.putAll(e.evidence().annotations());
    }
    return annotations;
  }

  /** Drops the evidence of every alert not in {@code fingerprints}: the alerts still reported. */
  public synchronized void retain(Set<String> fingerprints) {
    if (!byFingerprint.keySet().retainAll(fingerprints)) {
      return;
    }
    oldestFirst.removeIf(e -> !fingerprints.contains(e.fingerprint()));
    bytes = oldestFirst.stream().mapToLong(StoredEvidence::bytes).sum();
  }

  public synchronized long bytes() {
    return bytes;
  }

  public Sample sample(long now) {
    return new Sample(STORED_BYTES, Labels.EMPTY, bytes(), now);
  }

  private static long size(String collector, Evidence e) {
    long size = utf8(e.kind()) + utf8(collector) + utf8(e.detail());
    for (Map.Entry<String, String> a : e.annotations().entrySet()) {
      size += utf8(a.getKey()) + utf8(a.getValue());
    }
    return size;
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Whether the text is one JSON object and nothing after it. */
  private static boolean isObject(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
