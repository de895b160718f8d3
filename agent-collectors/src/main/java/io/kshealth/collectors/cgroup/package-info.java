@NullMarked
package io.kshealth.collectors.cgroup;

import org.jspecify.annotations.NullMarked;
