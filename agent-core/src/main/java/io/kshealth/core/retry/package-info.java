@NullMarked
package io.kshealth.core.retry;

import org.jspecify.annotations.NullMarked;
