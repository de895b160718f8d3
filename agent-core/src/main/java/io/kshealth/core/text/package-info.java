@NullMarked
package io.kshealth.core.text;

import org.jspecify.annotations.NullMarked;
