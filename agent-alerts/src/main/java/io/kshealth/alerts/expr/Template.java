package io.kshealth.alerts.expr;

/** A compiled annotation template. Rendering never throws. */
public interface Template {

  String render(SeriesScope scope);
}
