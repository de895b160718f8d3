@NullMarked
package io.kshealth.collectors;

import org.jspecify.annotations.NullMarked;
