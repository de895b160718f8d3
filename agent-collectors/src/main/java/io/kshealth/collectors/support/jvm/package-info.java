@NullMarked
package io.kshealth.collectors.support.jvm;

import org.jspecify.annotations.NullMarked;
