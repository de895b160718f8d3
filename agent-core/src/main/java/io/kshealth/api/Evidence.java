package io.kshealth.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One capture of evidence about an alert, bounded so that no receiver rejects it and no capture
 * fills the agent's heap.
 *
 * @param kind what was captured: {@link #THREADS} or {@link #STOPPED_AT}
 * @param capturedAtMillis when, by the agent's clock
 * @param annotations at most {@value #MAX_ANNOTATIONS} short texts added to the alert's annotations
 *     for receivers ({@code stuck_thread}, {@code stuck_frames}, {@code stopped_at}), each cut to
 *     {@value #MAX_ANNOTATION_CHARS} characters
 * @param detail the whole capture as a JSON object, for {@code /api/v1/alerts/{fingerprint}/
 *     evidence}, at most {@value #MAX_DETAIL_CHARS} characters (a source cuts its own list to fit,
 *     so that what it keeps is valid JSON)
 */
public record Evidence(
    String kind, long capturedAtMillis, Map<String, String> annotations, String detail) {

  /** Every {@code StreamThread} of the target: state, lock, owner, counts, top frames. */
  public static final String THREADS = "threads";

  /** The partitions whose committed offset stopped, and the record each stopped at. */
  public static final String STOPPED_AT = "stopped-at";

  public static final int MAX_ANNOTATIONS = 4;
  public static final int MAX_ANNOTATION_CHARS = 1024;
  public static final int MAX_DETAIL_CHARS = 64 * 1024;

  public Evidence {
    if (annotations.size() > MAX_ANNOTATIONS) {
      throw new IllegalArgumentException(
          "at most " + MAX_ANNOTATIONS + " annotations, not " + annotations.size());
    }
    if (detail.length() > MAX_DETAIL_CHARS) {
      throw new IllegalArgumentException(
          "a detail of " + detail.length() + " characters, past " + MAX_DETAIL_CHARS);
    }
    Map<String, String> cut = new LinkedHashMap<>();
    annotations.forEach((k, v) -> cut.put(k, cut(v)));
    annotations = java.util.Collections.unmodifiableMap(cut);
  }

  private static String cut(String text) {
    return text.length() <= MAX_ANNOTATION_CHARS
        ? text
        : text.substring(0, MAX_ANNOTATION_CHARS - 1) + "…";
  }
}
