@NullMarked
package io.kshealth.core.agent;

import org.jspecify.annotations.NullMarked;
