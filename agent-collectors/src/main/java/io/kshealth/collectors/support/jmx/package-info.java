/**
 * The agent's connection to the Streams application's JVM ({@link
 * io.kshealth.collectors.support.jmx.TargetConnection}, configured by {@code target:}) and reading
 * its MBeans, shared by the collectors that watch that JVM.
 */
@NullMarked
package io.kshealth.collectors.support.jmx;

import org.jspecify.annotations.NullMarked;
