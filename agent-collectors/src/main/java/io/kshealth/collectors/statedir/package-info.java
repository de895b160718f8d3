@NullMarked
package io.kshealth.collectors.statedir;

import org.jspecify.annotations.NullMarked;
