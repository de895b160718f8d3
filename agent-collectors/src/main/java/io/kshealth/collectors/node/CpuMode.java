package io.kshealth.collectors.node;

import io.kshealth.api.Labels;
import java.util.Locale;

/**
 * The CPU time columns of {@code /proc/stat}, in the kernel's order. The two columns after steal
 * (guest, guest_nice) are left out: the kernel already counts guest time inside user and nice, so
 * adding them would count it twice.
 */
enum CpuMode {
  USER,
  NICE,
  SYSTEM,
  IDLE,
  IOWAIT,
  IRQ,
  SOFTIRQ,
  STEAL;

  /** {@code mode="iowait"}, built once rather than on every run. */
  final Labels labels = Labels.of("mode", name().toLowerCase(Locale.ROOT));
}
