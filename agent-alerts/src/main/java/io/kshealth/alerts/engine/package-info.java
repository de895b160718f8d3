@NullMarked
package io.kshealth.alerts.engine;

import org.jspecify.annotations.NullMarked;
