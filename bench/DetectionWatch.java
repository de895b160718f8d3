import io.kshealth.demo.driver.AgentAlert;
import io.kshealth.demo.driver.AgentProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What bench/detection.sh sees of one scenario's alerts, looking once a second: each alert's times
 * as the agent states them on {@code /api/v1/alerts} (activeAt: pending, firedAt, resolvedAt), and
 * when it was first seen in Alertmanager's {@code /api/v2/alerts} (by this JVM's clock, so within a
 * look's second of its arrival) with the startsAt it came with.
 */
final class DetectionWatch {

  static final Duration LOOK = Duration.ofSeconds(1);

  /** One alert (name and labels) over the scenario; its first times, its last resolution. */
  static final class Seen {
    final String name;
    final Map<String, String> labels;
    final Map<String, String> where;
    Instant pending;
    Instant firing;
    Instant resolved;
    Instant delivered;
    Instant startsAt;
    String note = "";
    boolean active;

    Seen(String name, Map<String, String> labels, Map<String, String> where) {
      this.name = name;
      this.labels = labels;
      this.where = where;
    }
  }

  private final AgentProcess agent;
  private final DetectionAlertmanager alertmanager;
  private final Map<String, Seen> seen = new LinkedHashMap<>();

  DetectionWatch(AgentProcess agent, DetectionAlertmanager alertmanager) {
    this.agent = agent;
    this.alertmanager = alertmanager;
  }

  /** Looks at the agent and Alertmanager once. */
  void look() throws InterruptedException {
    // An alert that left the list (pending, then its condition gone) is no longer active.
    seen.values().forEach(s -> s.active = false);
    for (AgentAlert a : agent.alerts()) {
      Seen s = seen.computeIfAbsent(key(a.labels()), k -> new Seen(a.name(), a.labels(), a.where()));
      s.active = !a.state().equals("resolved");
      s.pending = first(s.pending, a.activeAt());
      s.firing = first(s.firing, a.firedAt());
      if (a.state().equals("resolved") && a.resolvedAt() != null) {
        s.resolved = Instant.parse(a.resolvedAt());
      } else if (!a.state().equals("resolved")) {
        s.resolved = null;
      }
    }
    Instant now = Instant.now();
    // The notifier adds labels of its own (instance): the rule's labels are a subset.
    for (DetectionAlertmanager.Received r : alertmanager.alerts()) {
      for (Seen s : seen.values()) {
        if (s.delivered == null && r.labels().entrySet().containsAll(s.labels.entrySet())) {
          s.delivered = now;
          s.startsAt = r.startsAt();
        }
      }
    }
  }

  /** Looks once a second until {@code done}, or for at most {@code limit}; whether it was done. */
  boolean until(BooleanSupplier done, Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (true) {
      look();
      if (done.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(LOOK.toMillis());
    }
  }

  /** Looks once a second for {@code length}. */
  void during(Duration length) throws InterruptedException {
    until(() -> false, length);
  }

  /** Whether an alert of one of {@code names} fires. */
  boolean firing(List<String> names) {
    return seen.values().stream().anyMatch(s -> names.contains(s.name) && s.firing != null);
  }

  /** Whether every alert that fired has been seen in Alertmanager. */
  boolean delivered() {
    return seen.values().stream().allMatch(s -> s.firing == null || s.delivered != null);
  }

  /**
   * Whether every alert that fired has resolved. (One that is only pending, such as the host's CPU
   * on a loaded machine, does not hold the scenario up.)
   */
  boolean quiet() {
    return seen.values().stream().noneMatch(s -> s.active && s.firing != null);
  }

  /** Forgets every alert: called at the fault, so what came before is not the fault's. */
  List<Seen> reset() {
    List<Seen> before = new ArrayList<>(seen.values());
    seen.clear();
    return before;
  }

  /** The alert named {@code name} seen first (pending), or null. */
  Seen named(String name) {
    return seen.values().stream()
        .filter(s -> s.name.equals(name) && s.pending != null)
        .min((a, b) -> a.pending.compareTo(b.pending))
        .orElse(null);
  }

  List<Seen> all() {
    return new ArrayList<>(seen.values());
  }

  private static String key(Map<String, String> labels) {
    return new java.util.TreeMap<>(labels).toString();
  }

  private static Instant first(Instant known, String time) {
    return known != null || time == null ? known : Instant.parse(time);
  }
}
