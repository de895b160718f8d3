package io.kshealth.collectors.support.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class ListedNamesTest {

  private static final String STORES = "kafka.streams:type=stream-state-metrics,*";

  private final MBeanServer target = MBeanServerFactory.newMBeanServer();
  private final CountingConnection counted = new CountingConnection(target);
  private final ListedNames names = new ListedNames(counted.connection());

  private static String store(String task) {
    return "kafka.streams:type=stream-state-metrics,thread-id=t1,task-id="
        + task
        + ",rocksdb-state-id=s";
  }

  /** One run as a reader makes it: start, list the stores, read each. */
  private Set<String> run() throws Exception {
    names.startRun();
    Set<String> tasks = new TreeSet<>();
    for (ObjectName n : MBeanValues.query(names.connection(), STORES)) {
      if (!MBeanValues.read(names.connection(), n, List.of("size")).isEmpty()) {
        tasks.add(n.getKeyProperty("task-id"));
      }
    }
    return tasks;
  }

  private long queries() {
    return counted.calls().stream().filter(c -> c.method().equals("queryNames")).count();
  }

  @Test
  void whileTheTargetsMBeansStayTheSameAQueryIsMadeOnce() throws Exception {
    FakeMBean.register(target, store("0_0"), "size", 1);
    FakeMBean.register(target, store("0_1"), "size", 1);
    for (int i = 0; i < ListedNames.REFRESH_RUNS - 1; i++) {
      assertEquals(Set.of("0_0", "0_1"), run());
    }
    assertEquals(1, queries());
    assertEquals(
        ListedNames.REFRESH_RUNS - 1,
        counted.calls().stream().filter(c -> c.method().equals("getMBeanCount")).count(),
        "one small call per run instead");
  }

  @Test
  void aNewMBeanIsListedOnTheNextRun() throws Exception {
    FakeMBean.register(target, store("0_0"), "size", 1);
    assertEquals(Set.of("0_0"), run());
    FakeMBean.register(target, store("0_1"), "size", 1);
    assertEquals(Set.of("0_0", "0_1"), run());
  }

  /** A task moved: one store's name for another's, the MBean count unchanged. */
  @Test
  void aListedMBeanFoundGoneHasItsListingAskedAgainOnTheNextRun() throws Exception {
    FakeMBean.register(target, store("0_0"), "size", 1);
    FakeMBean.register(target, store("0_1"), "size", 1);
    assertEquals(Set.of("0_0", "0_1"), run());
    target.unregisterMBean(new ObjectName(store("0_1")));
    FakeMBean.register(target, store("0_2"), "size", 1);
    assertEquals(Set.of("0_0"), run(), "the run that found it gone reads what remains");
    assertEquals(Set.of("0_0", "0_2"), run());
  }

  /** An MBean no reader lists went as a store came: nothing to tell but the refresh. */
  @Test
  void aSwapNoReadSeesIsListedWithinTheRefreshRuns() throws Exception {
    FakeMBean.register(target, store("0_0"), "size", 1);
    FakeMBean.register(target, "kafka.producer:type=producer-metrics,client-id=p", "x", 1);
    assertEquals(Set.of("0_0"), run());
    target.unregisterMBean(new ObjectName("kafka.producer:type=producer-metrics,client-id=p"));
    FakeMBean.register(target, store("0_1"), "size", 1);
    int runs = 1;
    while (!run().contains("0_1")) {
      runs++;
    }
    assertTrue(runs <= ListedNames.REFRESH_RUNS, "listed after " + runs + " runs");
  }
}
