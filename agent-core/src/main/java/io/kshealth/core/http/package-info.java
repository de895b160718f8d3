@NullMarked
package io.kshealth.core.http;

import org.jspecify.annotations.NullMarked;
