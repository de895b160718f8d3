@NullMarked
package io.kshealth.alerts.ruletest;

import org.jspecify.annotations.NullMarked;
