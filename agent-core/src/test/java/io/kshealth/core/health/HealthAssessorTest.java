package io.kshealth.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.schedule.CollectorStatus;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthAssessorTest {

  private final MutableClock clock = new MutableClock();
  private final List<CollectorStatus> collectors = new ArrayList<>();
  private final Map<String, Snapshot> latest = new HashMap<>();
  private final List<AlertReason> alerts = new ArrayList<>();
  private final HealthAssessor assessor =
      new HealthAssessor(
          clock, () -> collectors, name -> Optional.ofNullable(latest.get(name)), () -> alerts);

  private void collector(String name, String type, Optional<Boolean> up, Object... samples) {
    collectors.add(
        new CollectorStatus(
            name,
            type,
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            true,
            up,
            false,
            up.isPresent() ? 1 : 0,
            up.orElse(true) ? 0 : 1,
            up.orElse(true) ? 0 : 1,
            0,
            0,
            0,
            0,
            up.orElse(true) ? Optional.empty() : Optional.of("connection refused"),
            Optional.empty()));
    if (up.orElse(false)) {
      Snapshot.Builder b = new Snapshot.Builder(name, clock.millis());
      for (int i = 0; i < samples.length; i += 3) {
        b.add(
            Metric.gauge((String) samples[i], "test"),
            (Labels) samples[i + 1],
            ((Number) samples[i + 2]).doubleValue());
      }
      latest.put(name, b.build());
    }
  }

  private void healthyInstance(String target) {
    collector(
        "streams",
        "streams",
        Optional.of(true),
        "kshealth_target_state",
        Labels.of("state", "up"),
        target.equals("up") ? 1 : 0,
        "kshealth_target_state",
        Labels.of("state", target),
        1,
        "kshealth_streams_client_state",
        Labels.of("client_id", "c1", "state", "RUNNING"),
        1,
        "kshealth_streams_client_state_seconds",
        Labels.of("client_id", "c1"),
        120,
        "kshealth_streams_client_alive_threads",
        Labels.of("client_id", "c1"),
        2,
        "kshealth_target_memory_headroom_ratio",
        Labels.EMPTY,
        0.4);
    collector(
        "lag",
        "lag",
        Optional.of(true),
        "kshealth_lag_status",
        Labels.of("status", "OK"),
        1,
        "kshealth_lag_status",
        Labels.of("status", "STALL"),
        0,
        "kshealth_lag_max_seconds",
        Labels.of("group", "g"),
        1.5,
        "kshealth_lag_broker_up",
        Labels.of("group", "g"),
        1);
    collector(
        "node",
        "node",
        Optional.of(true),
        "kshealth_node_cpu_utilisation_ratio",
        Labels.of("mode", "idle"),
        0.75);
    collector(
        "state-disk",
        "disk",
        Optional.of(true),
        "kshealth_filesystem_avail_bytes",
        Labels.EMPTY,
        25,
        "kshealth_filesystem_size_bytes",
        Labels.EMPTY,
        100);
    collector("agent", "process", Optional.of(true));
  }

  private static AlertReason alert(
      String name, String group, String severity, boolean firing, Map<String, String> labels) {
    return new AlertReason(
        name,
        group,
        severity,
        firing,
        name + " summary",
        "https://example.com/" + name,
        1_000,
        labels);
  }

  @Test
  void aHealthyInstanceIsOkWhereSeenAndNotApplicableWhereNothingFeedsAnArea() {
    healthyInstance("up");
    HealthVerdict v = assessor.assess();
    assertEquals(Level.OK, v.overall());
    for (Area area :
        List.of(Area.STREAMS, Area.LAG, Area.MEMORY, Area.DISK, Area.HOST, Area.AGENT)) {
      assertEquals(Level.OK, v.area(area).level(), area.label());
      assertEquals(List.of(), v.area(area).reasons(), area.label());
    }
    assertEquals(Level.NOT_APPLICABLE, v.area(Area.EBS).level());
    assertEquals(List.of("no ebs collector is configured"), v.area(Area.EBS).reasons());
    List<?> clients = (List<?>) v.area(Area.STREAMS).facts().get("clients");
    Map<?, ?> client = (Map<?, ?>) clients.get(0);
    assertEquals("RUNNING", client.get("state"));
    assertEquals(120.0, client.get("state_seconds"));
    assertEquals("OK", v.area(Area.LAG).facts().get("status"));
    assertEquals(1.5, v.area(Area.LAG).facts().get("time_lag_seconds"));
    assertEquals(0.25, v.area(Area.DISK).facts().get("free_ratio"));
    assertEquals(0.25, v.area(Area.HOST).facts().get("cpu_busy_ratio"));
  }

  @Test
  void whatTheAgentCannotSeeIsUnknownWithItsReason() {
    healthyInstance("unresponsive");
    collector("ebs", "ebs", Optional.empty());
    collectors.removeIf(c -> c.name().equals("lag"));
    collector("lag", "lag", Optional.of(false));
    latest.remove("lag");
    HealthVerdict v = assessor.assess();
    assertEquals(Level.UNKNOWN, v.overall());
    assertEquals(Level.UNKNOWN, v.area(Area.STREAMS).level());
    assertTrue(v.area(Area.STREAMS).reasons().get(0).contains("did not answer"));
    assertEquals(
        List.of("collector 'lag' is failing: connection refused"), v.area(Area.LAG).reasons());
    assertEquals(
        List.of("waiting for the first run of collector 'ebs'"), v.area(Area.EBS).reasons());
  }

  @Test
  void offEc2TheEbsAreaDoesNotApply() {
    collector("ebs", "ebs", Optional.of(true), "kshealth_ebs_applicable", Labels.EMPTY, 0);
    assertEquals(Level.NOT_APPLICABLE, assessor.assess().area(Area.EBS).level());
  }

  @Test
  void firingAlertsGradeTheirAreaPendingOnesAreCitedOnly() {
    healthyInstance("up");
    alerts.add(alert("KafkaStreamsLagStalled", "lag", "warning", false, Map.of()));
    HealthVerdict pending = assessor.assess();
    assertEquals(Level.OK, pending.area(Area.LAG).level());
    assertEquals(1, pending.area(Area.LAG).alerts().size());

    alerts.add(alert("KafkaStreamsClientGone", "streams", "critical", true, Map.of()));
    alerts.add(alert("MyDiskRule", "mine", "warning", true, Map.of("area", "disk")));
    alerts.add(alert("MyOtherRule", "mine", "info", true, Map.of()));
    alerts.add(alert("MyThirdRule", "mine", "warning", true, Map.of()));
    HealthVerdict v = assessor.assess();
    assertEquals(Level.CRITICAL, v.overall());
    assertEquals(Level.CRITICAL, v.area(Area.STREAMS).level());
    assertEquals(
        List.of("KafkaStreamsClientGone is firing: KafkaStreamsClientGone summary"),
        v.area(Area.STREAMS).reasons());
    assertEquals(Level.WARNING, v.area(Area.DISK).level(), "an area label places a user's rule");
    assertEquals(2, v.unplaced().size());
    assertEquals("MyThirdRule", v.unplaced().get(0).name(), "warning before info");

    alerts.removeIf(a -> a.name().equals("KafkaStreamsClientGone"));
    alerts.removeIf(a -> a.name().equals("MyDiskRule"));
    assertEquals(Level.WARNING, assessor.assess().overall(), "an unplaced alert counts overall");
  }

  @Test
  void theMetricIsOneHotPerAreaAndOverall() {
    healthyInstance("up");
    List<Sample> samples = HealthMetrics.samples(assessor.assess());
    assertEquals((Area.values().length + 1) * Level.values().length, samples.size());
    Map<String, String> hot = new HashMap<>();
    for (Sample s : samples) {
      if (s.value() == 1) {
        assertEquals(null, hot.put(s.labels().get("area"), s.labels().get("level")));
      }
    }
    assertEquals("ok", hot.get("overall"));
    assertEquals("not_applicable", hot.get("ebs"));
    assertEquals(Area.values().length + 1, hot.size());
  }
}
