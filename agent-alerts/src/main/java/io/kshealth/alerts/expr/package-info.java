@NullMarked
package io.kshealth.alerts.expr;

import org.jspecify.annotations.NullMarked;
