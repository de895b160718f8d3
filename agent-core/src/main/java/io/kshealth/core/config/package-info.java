@NullMarked
package io.kshealth.core.config;

import org.jspecify.annotations.NullMarked;
