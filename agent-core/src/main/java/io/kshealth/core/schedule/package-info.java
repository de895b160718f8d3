@NullMarked
package io.kshealth.core.schedule;

import org.jspecify.annotations.NullMarked;
