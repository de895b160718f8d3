@NullMarked
package io.kshealth.core.collect;

import org.jspecify.annotations.NullMarked;
