package io.kshealth.api;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What an alert asks an {@link EvidenceSource} for.
 *
 * @param alert the alert's name
 * @param labels the alert instance's labels: which client, thread, group or partition it is about
 * @param kinds the kinds of evidence the rule asks for ({@link Evidence#THREADS}, {@link
 *     Evidence#STOPPED_AT}); a source captures only these
 * @param timeout how long the capture may take in all
 */
public record EvidenceRequest(
    String alert, Map<String, String> labels, Set<String> kinds, Duration timeout) {

  public EvidenceRequest {
    labels = Map.copyOf(labels);
    kinds = Set.copyOf(kinds);
  }

  public boolean asks(String kind) {
    return kinds.contains(kind);
  }
}
