@NullMarked
package io.kshealth.dist;

import org.jspecify.annotations.NullMarked;
