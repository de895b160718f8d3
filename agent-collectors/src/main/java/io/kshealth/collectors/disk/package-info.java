@NullMarked
package io.kshealth.collectors.disk;

import org.jspecify.annotations.NullMarked;
