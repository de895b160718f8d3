@NullMarked
package io.kshealth.alerts.notify;

import org.jspecify.annotations.NullMarked;
