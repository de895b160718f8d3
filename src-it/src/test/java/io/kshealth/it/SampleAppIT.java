package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.kshealth.demo.app.SampleStreamsApp.GroupProtocol;
import io.kshealth.demo.app.SampleTopics;
import io.kshealth.demo.app.SampleTopology;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.GroupOffsets;
import io.kshealth.it.testbed.Jmx;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The healthy sample app, as the fault tests and the collectors rely on it. */
class SampleAppIT {

  static final String CLIENT = "kafka.streams:type=stream-metrics,client-id=*";

  @ParameterizedTest
  @EnumSource(GroupProtocol.class)
  void runsItsStatefulTopologyUnderEitherGroupProtocol(GroupProtocol protocol, @TempDir Path dir)
      throws Exception {
    SampleAppOptions options =
        TestBed.newApp("healthy-" + protocol.id(), dir).withGroupProtocol(protocol);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp app = SampleApp.start(options);
        Admin admin = TestBed.admin()) {
      app.awaitRunning();
      try (Jmx jmx = Jmx.connect(app.jmxUrl())) {
        assertEquals("RUNNING", jmx.clientState());
        assertEquals(2.0, jmx.sum(CLIENT, "alive-stream-threads"));
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertEquals(
                        Set.of(
                            "rocksdb-state-id=" + SampleTopology.PROFILES_STORE,
                            "rocksdb-state-id=" + SampleTopology.COUNT_STORE,
                            "rocksdb-window-state-id=" + SampleTopology.WINDOW_STORE),
                        storeIds(jmx)));
      }
      long committed = committed(admin, app);
      await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin, app) > committed + 100);
      GroupListing group =
          admin.listGroups().all().get().stream()
              .filter(g -> g.groupId().equals(app.applicationId()))
              .findFirst()
              .orElseThrow();
      assertEquals(
          protocol == GroupProtocol.STREAMS ? GroupType.STREAMS : GroupType.CLASSIC,
          group.type().orElseThrow());
      assertTrue(input.sent() > 0);
    }
  }

  /**
   * Without any JMX flag the app is still observable: the Attach API starts its local management
   * agent, as the agent's attach mode will.
   */
  @Test
  void startsWithoutJmxFlagsAndCanBeAttachedTo(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("attach", dir).withJmx(false);
    try (SampleApp app = SampleApp.start(options)) {
      app.awaitRunning();
      List<String> arguments =
          List.of(ProcessHandle.of(app.pid()).orElseThrow().info().arguments().orElseThrow());
      assertTrue(
          arguments.stream().noneMatch(a -> a.startsWith("-Dcom.sun.management")),
          "JMX flags in " + arguments);
      assertTrue(app.jmxPort().isEmpty());

      VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
      String address;
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      try (Jmx jmx = Jmx.connect(address)) {
        assertEquals("RUNNING", jmx.clientState());
      }
    }
  }

  private static Set<String> storeIds(Jmx jmx) throws Exception {
    return jmx.names("kafka.streams:type=stream-state-metrics,*").stream()
        .map(
            name ->
                name.getKeyProperty("rocksdb-state-id") != null
                    ? "rocksdb-state-id=" + name.getKeyProperty("rocksdb-state-id")
                    : "rocksdb-window-state-id=" + name.getKeyProperty("rocksdb-window-state-id"))
        .collect(Collectors.toSet());
  }

  private static long committed(Admin admin, SampleApp app) throws Exception {
    return GroupOffsets.read(
            admin, app.applicationId(), app.topics().events(), SampleTopics.PARTITIONS)
        .totalCommitted();
  }
}
