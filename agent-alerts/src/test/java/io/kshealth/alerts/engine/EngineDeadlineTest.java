package io.kshealth.alerts.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.Outcome;
import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.query.SeriesQuery;
import io.kshealth.alerts.rules.AlertRule;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.OnAnotherThread;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rule made slow on purpose: its series source moves the clock past the round's deadline (slow:
 * the evaluating thread's CPU time moves with the clock, as a costly rule's does; starved: the
 * clock moves and the CPU time does not, as for an agent short of CPU) or blocks until the test
 * lets it go (stuck). A costly or stuck rule is skipped until the rules are replaced, a starved one
 * goes on at the next evaluation; readers and a reload never wait for the evaluation.
 */
class EngineDeadlineTest {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  final MutableClock clock = new MutableClock();
  final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  volatile boolean block;

  /** The evaluating thread's CPU time: the clock's, less what the starved rule's wait took. */
  final AtomicLong starvedMillis = new AtomicLong();

  /**
   * Every metric has one series at 9 (so each rule fires); "slow" takes time, "stuck" blocks once
   * the test says so.
   */
  final SeriesSource source =
      metric -> {
        reads.computeIfAbsent(metric, m -> new AtomicInteger()).incrementAndGet();
        if (metric.equals("slow")) {
          clock.advance(TIMEOUT.plusSeconds(1));
        } else if (metric.equals("starved")) {
          clock.advance(TIMEOUT.plusSeconds(1));
          starvedMillis.addAndGet(TIMEOUT.plusSeconds(1).toMillis());
        } else if (metric.equals("stuck") && block) {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        long now = clock.millis();
        return Map.of(
            Labels.of("store", "a"), new SeriesPoints(new long[] {now}, new double[] {9}));
      };

  @AfterEach
  void letGo() {
    release.countDown();
  }

  static AlertRule rule(String name, String metric) {
    return new AlertRule(
        "g",
        name,
        SeriesQuery.parse(metric),
        scope -> scope.value() > 5 ? Outcome.TRUE : Outcome.FALSE,
        "value > 5",
        Duration.ZERO,
        Duration.ZERO,
        Map.of("severity", "warning"),
        Map.of(),
        Set.of(),
        "rules.yaml:1");
  }

  static RuleSet rules(AlertRule... rules) {
    return new RuleSet(List.of(), List.of(rules));
  }

  AlertEngine engine(RuleSet rules) {
    return new AlertEngine(
        rules,
        source,
        EngineSettings.DEFAULT,
        () -> (clock.millis() - starvedMillis.get()) * 1_000_000L);
  }

  List<Transition> evaluate(AlertEngine engine) {
    return engine.evaluate(clock.millis(), Deadline.at(clock, clock.millis() + TIMEOUT.toMillis()));
  }

  static RuleHealth health(AlertEngine engine, String rule) {
    return engine.result().health().stream()
        .filter(h -> h.rule().equals(rule))
        .findFirst()
        .orElseThrow();
  }

  int reads(String metric) {
    return reads.getOrDefault(metric, new AtomicInteger()).get();
  }

  @Test
  void aRulePastTheDeadlineIsSkippedUntilTheRulesAreReplaced() {
    RuleSet ruleSet = rules(rule("Fast", "fast"), rule("Slow", "slow"), rule("After", "after"));
    AlertEngine engine = engine(ruleSet);

    List<Transition> first = evaluate(engine);
    assertEquals(List.of("Fast"), first.stream().map(t -> t.alert().rule()).toList());
    RuleHealth once = health(engine, "Slow");
    assertFalse(once.skipped(), "once may be cold code: a first evaluation");
    assertEquals(1, once.timeoutsTotal());
    assertTrue(once.lastError().contains("skipped if the next one does too"), once.lastError());
    assertEquals(0, reads("after"), "the rules after it wait for the next evaluation");

    clock.advance(Duration.ofSeconds(15));
    evaluate(engine);
    RuleHealth slow = health(engine, "Slow");
    assertTrue(slow.skipped(), "twice in a row is its own cost");
    assertEquals(2, slow.timeoutsTotal());
    assertTrue(slow.lastError().contains("passed the round's deadline"), slow.lastError());
    assertTrue(slow.lastError().contains("skipped until the rules are reloaded"), slow.lastError());
    assertFalse(health(engine, "After").skipped(), "the rules after it are not blamed");

    clock.advance(Duration.ofSeconds(15));
    List<Transition> third = evaluate(engine);
    assertEquals(List.of("After"), third.stream().map(t -> t.alert().rule()).toList());
    assertEquals(2, reads("slow"), "a skipped rule reads nothing");
    assertTrue(engine.result().alerts().stream().noneMatch(a -> a.rule().equals("Slow")));

    engine.replaceRules(ruleSet);
    clock.advance(Duration.ofSeconds(15));
    evaluate(engine);
    assertEquals(3, reads("slow"), "a reload gives it another chance");
    assertEquals(3, health(engine, "Slow").timeoutsTotal(), "counted since start");
  }

  @Test
  void aRuleCutShortWhileTheAgentIsShortOfCpuGoesOnAtTheNextEvaluation() {
    AlertEngine engine =
        engine(rules(rule("Fast", "fast"), rule("Starved", "starved"), rule("After", "after")));

    evaluate(engine);
    RuleHealth starved = health(engine, "Starved");
    assertFalse(starved.skipped(), "a wait for the CPU is not the rule's cost");
    assertEquals(1, starved.timeoutsTotal(), "but the deadline it passed is counted");
    assertTrue(starved.lastError().contains("cut short"), starved.lastError());
    assertTrue(
        starved.lastError().contains("after 0 ms on the CPU in 6000 ms"), starved.lastError());
    assertEquals(0, reads("after"), "the rules after it wait for the next evaluation");

    clock.advance(Duration.ofSeconds(15));
    evaluate(engine);
    assertEquals(2, reads("starved"), "evaluated again at the next evaluation, without a reload");
    assertFalse(health(engine, "Starved").skipped());
  }

  @Test
  void readersAndAReloadDoNotWaitForAStuckEvaluation() throws Exception {
    AlertEngine engine = engine(rules(rule("Fast", "fast"), rule("Stuck", "stuck")));
    evaluate(engine); // both fire; then the next evaluation gets stuck in Stuck
    clock.advance(Duration.ofSeconds(15));
    block = true;
    CompletableFuture<List<Transition>> stuck =
        CompletableFuture.supplyAsync(() -> evaluate(engine));
    entered.await();

    OnAnotherThread.run(
        () -> {
          assertEquals(2, engine.result().alerts().size(), "the last result, both firing");
          assertFalse(health(engine, "Stuck").skipped(), "not yet past its deadline");
          clock.advance(TIMEOUT);
          RuleHealth now = health(engine, "Stuck");
          assertTrue(now.skipped(), "stuck past the deadline shows as skipped");
          assertTrue(now.lastError().contains("running past the round's deadline"));
          engine.replaceRules(rules(rule("Fast", "fast")));
        });
    assertFalse(stuck.isDone());

    release.countDown();
    stuck.get();
    RuleHealth woke = health(engine, "Stuck");
    assertEquals(1, woke.timeoutsTotal(), "it checks the deadline when it wakes up");
    assertTrue(woke.lastError().contains("passed the round's deadline"), woke.lastError());
    evaluate(engine);
    assertEquals(List.of("Fast"), engine.result().health().stream().map(RuleHealth::rule).toList());
  }
}
