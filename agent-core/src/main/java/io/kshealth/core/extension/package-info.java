@NullMarked
package io.kshealth.core.extension;

import org.jspecify.annotations.NullMarked;
