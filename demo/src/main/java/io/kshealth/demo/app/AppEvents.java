package io.kshealth.demo.app;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the sample app tells whoever started it, one line per event on stdout: {@code SAMPLE-APP
 * event=state from=REBALANCING to=RUNNING at=1732...}. The driver parses these lines; the {@code
 * at} timestamps let tests count in the app's own time.
 */
public final class AppEvents {

  public static final String PREFIX = "SAMPLE-APP ";

  private final PrintStream out;
  private final Clock clock;

  public AppEvents(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  public void started(long pid, String runId) {
    emit("started", Map.of("pid", Long.toString(pid), "run", runId));
  }

  public void state(String from, String to) {
    emit("state", Map.of("from", from, "to", to));
  }

  public void fault(Fault fault, int partition, long offset) {
    emit(
        "fault",
        Map.of(
            "fault", fault.id(),
            "partition", Integer.toString(partition),
            "offset", Long.toString(offset)));
  }

  public void ignored(ControlRecord record) {
    emit("ignored", Map.of("fault", record.fault().id(), "run", record.runId()));
  }

  public void stopped() {
    emit("stopped", Map.of());
  }

  private void emit(String event, Map<String, String> fields) {
    Map<String, String> line = new LinkedHashMap<>();
    line.put("event", event);
    line.putAll(new TreeMap<>(fields));
    line.put("at", Long.toString(clock.millis()));
    String text =
        line.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" ", PREFIX, ""));
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }

  /** The fields of one event line, or null for any other line. */
  public static Map<String, String> parse(String line) {
    if (!line.startsWith(PREFIX)) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : line.substring(PREFIX.length()).split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return fields;
  }
}
