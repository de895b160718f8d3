/**
 * The collector plug-in API: what a third-party collector jar implements ({@link
 * io.kshealth.api.CollectorFactory}, {@link io.kshealth.api.CollectorSettings}, {@link
 * io.kshealth.api.Collector}), what it reads its options through ({@link
 * io.kshealth.api.ConfigSection}) and what it reports ({@link io.kshealth.api.Snapshot.Builder},
 * {@link io.kshealth.api.Metric}, {@link io.kshealth.api.Labels}). See {@code docs/plugins.md}.
 *
 * <h2>Stability</h2>
 *
 * <p>This package and {@code io.kshealth.alerts.api} are the agent's only stable API. They follow
 * semantic versioning: a change that breaks a plug-in compiled against them (a removed or changed
 * method, a new abstract method) comes only with a new major version of kshealth. Every other
 * package of the kshealth jars is internal, public only so that the agent's own modules can share
 * it, and may change in any release, the extension point that alerting plugs in through ({@code
 * io.kshealth.core.extension}) included. The API depends on the JDK and jspecify only: no JDK HTTP
 * server, no Jackson, no YAML types in its signatures.
 */
@NullMarked
package io.kshealth.api;

import org.jspecify.annotations.NullMarked;
