@NullMarked
package io.kshealth.collectors.node;

import org.jspecify.annotations.NullMarked;
