package io.kshealth.alerts.evidence;

import io.kshealth.api.Evidence;

/**
 * One capture as kept for an alert.
 *
 * @param fingerprint the alert's, as receivers see it
 * @param collector the collector that captured it
 * @param bytes what it takes in the store's bound (its texts in UTF-8)
 * @param jsonDetail whether its detail is the JSON object the source promised; when not, the
 *     endpoint shows it as text
 */
public record StoredEvidence(
    String fingerprint, String collector, Evidence evidence, long bytes, boolean jsonDetail) {}
