@NullMarked
package io.kshealth.core.model;

import org.jspecify.annotations.NullMarked;
