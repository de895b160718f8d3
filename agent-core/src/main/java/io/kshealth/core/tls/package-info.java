@NullMarked
package io.kshealth.core.tls;

import org.jspecify.annotations.NullMarked;
