@NullMarked
package io.kshealth.alerts;

import org.jspecify.annotations.NullMarked;
