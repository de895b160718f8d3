package io.kshealth.core.cli;

import io.kshealth.api.Sample;
import io.kshealth.core.config.Units;
import java.math.BigDecimal;
import java.util.Locale;

/** A sample's value as a person reads it: bytes in binary units, seconds and ratios as such. */
final class HumanValue {

  private HumanValue() {}

  static String format(Sample s) {
    String name = s.metric().name();
    double v = s.value();
    // Exact, so that a reading can be compared with another tool's (node_exporter's counters);
    // the human form follows in parentheses where a unit makes it easier to read.
    String raw =
        v == Math.rint(v) && Math.abs(v) < 1e15
            ? String.valueOf((long) v)
            : Double.isFinite(v)
                ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()
                : String.valueOf(v);
    if (name.endsWith("_bytes") || name.endsWith("_bytes_total")) {
      return raw + " (" + Units.formatSize(v) + ")";
    }
    if (name.endsWith("_ratio")) {
      return raw + String.format(Locale.ROOT, " (%.1f %%)", v * 100);
    }
    return raw;
  }
}
