@NullMarked
package io.kshealth.core.cli;

import org.jspecify.annotations.NullMarked;
