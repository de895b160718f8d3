@NullMarked
package io.kshealth.core.plugin;

import org.jspecify.annotations.NullMarked;
