@NullMarked
package io.kshealth.alerts.rules;

import org.jspecify.annotations.NullMarked;
