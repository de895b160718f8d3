/** A process's memory and CPU cgroups (v1, v2 or hybrid) and their readings. */
@NullMarked
package io.kshealth.collectors.support.cgroup;

import org.jspecify.annotations.NullMarked;
