/**
 * The probes the app's container points at: {@code /probe/app/ready} and {@code /probe/app/live},
 * decided from the streams and lag collectors' runs as they arrive, with an app restart budget kept
 * in the data dir (docs/probes.md).
 */
@NullMarked
package io.kshealth.core.probe;

import org.jspecify.annotations.NullMarked;
