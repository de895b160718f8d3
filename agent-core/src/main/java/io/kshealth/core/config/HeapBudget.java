package io.kshealth.core.config;

import io.kshealth.api.HeapBound;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The agent's heap, shared out: every bound on data that grows with what the agent watches (the
 * history's series, a lag collector's partitions, alert instances, the notifiers' outboxes), each
 * at its full size, plus {@link #RESERVE_BYTES} for the rest of the agent. The config loader
 * refuses a config whose budget does not fit the heap ({@code -Xmx}, as {@link Runtime#maxMemory()}
 * reports it), with an error at each bound's key; {@code check-config} prints it.
 *
 * <p>Example, the shipped config under the launcher's {@code -Xmx64m} (63.6 MiB as the JVM reports
 * it): 6,000 history series at 5 s take 27.5 MiB, the lag collector's 2,200 partitions 9.2 MiB, the
 * pack's 51 rules 0.8 MiB, 500 more alert instances 1.0 MiB and the log notifier's outbox 2 MiB;
 * with the reserve, 60.4 MiB.
 *
 * @param lines each bound with its key's path in the file ({@code collectors.lag.max-partitions})
 * @param maxHeapBytes the heap it must fit; {@link Long#MAX_VALUE}: not checked
 */
public record HeapBudget(List<Line> lines, long maxHeapBytes) {

  /**
   * The heap the rest of the agent needs beside its bounded data: 12 MiB that it keeps live (Jetty,
   * the collectors' Kafka and JMX clients, the rule engine: 10.5 MiB after a full GC with the
   * shipped config, docs/benchmarks.md) and 8 MiB of young generation for what it allocates as it
   * goes (the launcher caps it at 4 MiB with {@code -XX:MaxNewSize=4m}; the other 4 are a margin
   * for a JVM run with other flags).
   */
  public static final long RESERVE_BYTES = 20L << 20;

  /** No bounds, not checked: for an agent made in code rather than from a file. */
  public static final HeapBudget UNCHECKED = new HeapBudget(List.of(), Long.MAX_VALUE);

  /** One bound and the path of its key in the config file. */
  public record Line(String path, HeapBound bound) {}

  public HeapBudget {
    lines = List.copyOf(lines);
  }

  /** The heap the agent needs with every bound reached. */
  public long totalBytes() {
    return RESERVE_BYTES + lines.stream().mapToLong(l -> l.bound().bytes()).sum();
  }

  public boolean fits() {
    return totalBytes() <= maxHeapBytes;
  }

  /** How many units of {@code line}'s bound fit the heap beside the other bounds. */
  public long unitsThatFit(Line line) {
    long others = totalBytes() - line.bound().bytes();
    return Math.max(0, (maxHeapBytes - others) / Math.max(1, line.bound().bytesPerUnit()));
  }

  /** Why the budget does not fit the heap, said at {@code line}'s key. */
  public String misfit(Line line) {
    HeapBound b = line.bound();
    return String.format(
        Locale.ROOT,
        "%d %s take up to %s of heap (%d bytes each); the agent's bounded data (%s) and the %s the"
            + " rest of it needs come to %s, more than the heap of %s (-Xmx): at most %d %s fit"
            + " beside the others; lower this bound or another, or give the agent a heap of at"
            + " least %d MiB (JAVA_OPTS=-Xmx%dm)",
        b.units(),
        b.unit(),
        Units.formatSize(b.bytes()),
        b.bytesPerUnit(),
        lines.stream()
            .map(l -> l.path() + " " + Units.formatSize(l.bound().bytes()))
            .collect(Collectors.joining(", ")),
        Units.formatSize(RESERVE_BYTES),
        Units.formatSize(totalBytes()),
        Units.formatSize(maxHeapBytes),
        unitsThatFit(line),
        b.unit(),
        heapNeededMib(),
        heapNeededMib());
  }

  /**
   * The {@code -Xmx} in MiB that holds the budget: whole MiB at or above it, plus one for what the
   * JVM keeps of -Xmx (a survivor space of the young generation).
   */
  public long heapNeededMib() {
    return (totalBytes() + (1 << 20) - 1 >> 20) + 1;
  }
}
