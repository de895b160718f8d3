/**
 * The notifier plug-in API: what a third-party notifier jar implements ({@link
 * io.kshealth.alerts.api.NotifierFactory}, {@link io.kshealth.alerts.api.NotifierSettings}, {@link
 * io.kshealth.alerts.api.Notifier}) and what it is handed ({@link
 * io.kshealth.alerts.api.NotifierContext}, {@link io.kshealth.alerts.api.AlertMessage}). It reads
 * its options through {@link io.kshealth.api.ConfigSection}. See {@code docs/plugins.md}.
 *
 * <h2>Stability</h2>
 *
 * <p>This package and {@code io.kshealth.api} are the agent's only stable API. They follow semantic
 * versioning: a change that breaks a plug-in compiled against them (a removed or changed method, a
 * new abstract method) comes only with a new major version of kshealth. Every other package of the
 * kshealth jars is internal, public only so that the agent's own modules can share it, and may
 * change in any release. The API depends on the JDK, jspecify and {@code io.kshealth.api} only: no
 * JDK HTTP server, no Jackson, no YAML types in its signatures.
 */
@NullMarked
package io.kshealth.alerts.api;

import org.jspecify.annotations.NullMarked;
