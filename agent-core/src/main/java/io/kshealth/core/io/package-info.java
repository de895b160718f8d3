@NullMarked
package io.kshealth.core.io;

import org.jspecify.annotations.NullMarked;
