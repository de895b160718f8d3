/** The Streams clients of the target JVM, read from their {@code stream-metrics} MBeans. */
@NullMarked
package io.kshealth.collectors.support.streams;

import org.jspecify.annotations.NullMarked;
