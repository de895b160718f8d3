@NullMarked
package io.kshealth.collectors.process;

import org.jspecify.annotations.NullMarked;
