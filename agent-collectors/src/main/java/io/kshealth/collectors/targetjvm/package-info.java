@NullMarked
package io.kshealth.collectors.targetjvm;

import org.jspecify.annotations.NullMarked;
