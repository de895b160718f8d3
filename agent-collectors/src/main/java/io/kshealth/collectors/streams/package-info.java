@NullMarked
package io.kshealth.collectors.streams;

import org.jspecify.annotations.NullMarked;
