package io.kshealth.collectors.support.cgroup;

import java.util.Locale;

/**
 * How a process's cgroups are laid out, as the reader sees them: only v1 hierarchies, only the
 * unified v2 tree, or both at once (v1 controllers next to a mounted v2 tree, as systemd's hybrid
 * mode sets up), where each controller is found in exactly one of them.
 */
public enum CgroupVersion {
  V1,
  V2,
  HYBRID;

  /** The label value: {@code v1}, {@code v2} or {@code hybrid}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
