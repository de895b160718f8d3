package io.kshealth.collectors.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.CountingConnection;
import io.kshealth.collectors.support.jmx.FakeMBean;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.collectors.support.jmx.TargetReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * A fresh MBean server with fake Kafka MBeans, reached through a connection that logs which MBeans
 * a reader reads, so a test can tell what reading cost the target.
 */
final class JmxFixture {

  /** The client of the reference dump. */
  static final String CLIENT_ID = "spike-app-50c2bbd2-fb84-42c2-b80c-a7065c1787b5";

  static final String PROCESS_ID = "50c2bbd2-fb84-42c2-b80c-a7065c1787b5";
  static final StreamsClient CLIENT = new StreamsClient(CLIENT_ID, "spike-app");

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final CountingConnection counting = new CountingConnection(server);

  FakeMBean register(String name, Object... attributes) throws JMException {
    return FakeMBean.register(server, name, attributes);
  }

  void unregister(String name) throws JMException {
    server.unregisterMBean(new ObjectName(name));
  }

  List<Sample> run(TargetReader reader, StreamsClient... clients) throws IOException, JMException {
    Snapshot.Builder out = new Snapshot.Builder("test", 0);
    reader.read(counting.connection(), List.of(clients), out);
    return out.build().samples();
  }

  /** The MBeans read since the last call, in order. */
  List<ObjectName> reads() {
    List<ObjectName> names =
        counting.calls().stream()
            .filter(c -> c.method().startsWith("getAttribute"))
            .map(c -> (ObjectName) c.target())
            .toList();
    counting.clear();
    return names;
  }

  /** Equal keys and values equal within a relative 1e-12, unit conversions being inexact. */
  static void assertValues(Map<String, Double> expected, Map<String, Double> actual) {
    assertEquals(expected.keySet(), actual.keySet(), actual.toString());
    expected.forEach(
        (k, v) -> assertEquals(v, actual.get(k), Math.abs(v) * 1e-12, k + " in " + actual));
  }
}
