/** Readers of {@code /proc}: a process and how to find it again, and the host's memory. */
@NullMarked
package io.kshealth.collectors.support.proc;

import org.jspecify.annotations.NullMarked;
