package io.kshealth.api;

/**
 * A share of the agent's heap that one setting bounds: data that grows with what the agent watches
 * (partitions, alert instances, queued notifications) and stops growing at the bound, where more is
 * dropped and counted. At start the agent adds up every bound and refuses a config whose total does
 * not fit its heap ({@code -Xmx}), naming each bound's key, rather than run out of heap later.
 *
 * @param key the setting within its section, dotted when nested ({@code outbox.memory})
 * @param unit what the bound counts, plural ({@code partitions})
 * @param units how many the bound allows
 * @param bytesPerUnit the most heap one unit takes, as measured (docs/benchmarks.md)
 */
public record HeapBound(String key, String unit, long units, long bytesPerUnit) {

  public HeapBound {
    if (units < 0 || bytesPerUnit < 0) {
      throw new IllegalArgumentException("a heap bound is not negative: " + units + " " + unit);
    }
  }

  /** The heap the data takes at its bound. */
  public long bytes() {
    return units * bytesPerUnit;
  }
}
