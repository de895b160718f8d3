/** Mounts, block devices and their I/O counters, from {@code /proc} and {@code /sys}. */
@NullMarked
package io.kshealth.collectors.support.disk;

import org.jspecify.annotations.NullMarked;
