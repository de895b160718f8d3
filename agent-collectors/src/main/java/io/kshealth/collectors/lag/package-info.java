@NullMarked
package io.kshealth.collectors.lag;

import org.jspecify.annotations.NullMarked;
