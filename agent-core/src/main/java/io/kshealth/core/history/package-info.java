@NullMarked
package io.kshealth.core.history;

import org.jspecify.annotations.NullMarked;
