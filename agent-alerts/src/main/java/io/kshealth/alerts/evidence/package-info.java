/**
 * Evidence for alerts that ask for it (docs/evidence.md): captured from the collectors that are
 * {@link io.kshealth.api.EvidenceSource}s when an alert goes pending, off the evaluation thread,
 * and kept in memory, bounded in bytes, while the alert is reported.
 */
@NullMarked
package io.kshealth.alerts.evidence;

import org.jspecify.annotations.NullMarked;
