@NullMarked
package io.kshealth.collectors.ebs;

import org.jspecify.annotations.NullMarked;
