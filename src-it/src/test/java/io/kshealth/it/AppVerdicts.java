package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the rule pack's scenarios check of the health verdict ({@code /api/v1/health}) and the app's
 * probes ({@code /probe/app/ready}, {@code /probe/app/live}), on the looks a {@link RulePackAgent}
 * took: latency in rule evaluations, as the alerts' is.
 */
final class AppVerdicts {

  private static final Set<String> HEALTHY = Set.of("ok", "not_applicable");

  private AppVerdicts() {}

  /**
   * A healthy app: liveness 200 at every look; readiness 200 at every look from the first where the
   * app was RUNNING; from then on no area ever warning or critical, and the verdict ok overall at
   * nine looks in ten or more: a collection that times out on a busy machine reads unknown for a
   * moment, which is the truth (the agent did not see), not a fault of the app.
   */
  static void assertHealthyThroughout(String scenario, List<RulePackAgent.Look> looks) {
    boolean ready = false;
    int seen = 0;
    int ok = 0;
    TreeMap<String, Integer> unknown = new TreeMap<>();
    for (RulePackAgent.Look l : looks) {
      assertEquals(200, l.live(), () -> "at evaluation " + l.evaluations() + ": " + l.probes());
      if (ready) {
        assertEquals(200, l.ready(), () -> "at evaluation " + l.evaluations() + ": " + l.probes());
        seen++;
        for (var area : Json.object(l.health().get("areas")).keySet()) {
          String level = l.level((String) area);
          assertTrue(
              HEALTHY.contains(level) || level.equals("unknown"),
              () ->
                  area
                      + " is "
                      + level
                      + " at evaluation "
                      + l.evaluations()
                      + ": "
                      + l.area((String) area).get("reasons"));
          if (level.equals("unknown")) {
            unknown.merge((String) area, 1, Integer::sum);
          }
        }
        ok += "ok".equals(l.health().get("status")) ? 1 : 0;
      }
      ready |= l.ready() == 200;
    }
    assertTrue(ready, "the app became ready");
    RulePackAgent.Look last = looks.get(looks.size() - 1);
    assertEquals("not_applicable", last.level("ebs"), "off EC2");
    System.out.printf(
        "%s: verdict ok at %d of %d looks once ready (unknown for a moment: %s); %s%n",
        scenario, ok, seen, unknown, last.probes());
    assertTrue(ok > 0, "never ok overall in " + seen + " looks; unknown " + unknown);
  }

  /** Waits until the verdict grades {@code area} at {@code level} and cites {@code alert}. */
  static RulePackAgent.Look awaitArea(RulePackAgent agent, String area, String level, String alert)
      throws IOException {
    return agent.until(
        "the " + area + " area " + level + " citing " + alert,
        l -> l.level(area).equals(level) && l.cited(area).contains(alert));
  }

  /** Waits until liveness asks for a restart; prints how many evaluations after the fault. */
  static RulePackAgent.Look awaitLiveFailing(
      RulePackAgent agent, String scenario, long faultEvaluations) throws IOException {
    RulePackAgent.Look l = agent.until("liveness 503", look -> look.live() == 503);
    System.out.printf(
        "%s: liveness 503 %d evaluation(s) after the fault: %s%n",
        scenario, l.evaluations() - faultEvaluations, l.liveReason());
    return l;
  }

  static void awaitBothProbesPass(RulePackAgent agent) throws IOException {
    agent.until("both probes 200", l -> l.ready() == 200 && l.live() == 200);
  }

  /** Both probes passed at every look from look {@code since} on (an index into the looks). */
  static void assertProbesPassedSince(List<RulePackAgent.Look> looks, int since) {
    for (RulePackAgent.Look l : looks.subList(since, looks.size())) {
      if (l.ready() != 200 || l.live() != 200) {
        fail("at evaluation " + l.evaluations() + ", after the fault: " + l.probes());
      }
    }
  }

  /** Liveness passed at every look from look {@code since} on (an index into the looks). */
  static void assertLivePassedSince(List<RulePackAgent.Look> looks, int since) {
    for (RulePackAgent.Look l : looks.subList(since, looks.size())) {
      if (l.live() != 200) {
        fail("at evaluation " + l.evaluations() + ", after the pause: " + l.probes());
      }
    }
  }

  /**
   * A JVM restarted on a wiped state dir: not ready while it restores for the first time, never
   * asked to restart for it.
   */
  static void assertNotReadyWhileFirstRestore(List<RulePackAgent.Look> looks, int since) {
    boolean restoring = false;
    for (RulePackAgent.Look l : looks.subList(since, looks.size())) {
      assertEquals(200, l.live(), () -> "at evaluation " + l.evaluations() + ": " + l.probes());
      restoring |=
          l.ready() == 503
              && (l.readyReason().contains("has not been RUNNING")
                  || l.readyReason().contains("before its first RUNNING"));
    }
    assertTrue(restoring, "readiness said 503 during the first restore");
  }
}
