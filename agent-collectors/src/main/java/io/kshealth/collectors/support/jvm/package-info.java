/** The target JVM's own memory and garbage collection, read from its platform MBeans. */
@NullMarked
package io.kshealth.collectors.support.jvm;

import org.jspecify.annotations.NullMarked;
