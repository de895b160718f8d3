@NullMarked
package io.kshealth.core.http.web;

import org.jspecify.annotations.NullMarked;
