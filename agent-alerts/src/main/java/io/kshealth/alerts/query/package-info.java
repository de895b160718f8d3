/**
 * The PromQL subset a rule's {@code series:} is written in: a selector, optionally under a range
 * function, a comparison filter and one level of aggregation ({@link
 * io.kshealth.alerts.query.SeriesQuery}). Syntax only, parsed when the rules load; {@code
 * io.kshealth.alerts.expr.SeriesQueries} evaluates it.
 */
@NullMarked
package io.kshealth.alerts.query;

import org.jspecify.annotations.NullMarked;
