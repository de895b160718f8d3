package io.kshealth.demo.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A KRaft broker and controller in this JVM, from Kafka's own test kit. It runs the newest
 * <em>production</em> metadata version and feature levels, not the test kit's default of the newest
 * testing ones, so that clients see what a production 4.3 broker offers. The test kit keeps the
 * broker's port bound across a restart.
 */
final class EmbeddedKafka implements KafkaBroker {

  private final KafkaClusterTestKit cluster;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.bootstrapServers = cluster.bootstrapServers();
  }

  static EmbeddedKafka launch(Path dir) throws Exception {
    Files.createDirectories(dir);
    MetadataVersion version = MetadataVersion.latestProduction();
    Map<String, Short> features = new TreeMap<>();
    for (Feature feature : Feature.PRODUCTION_FEATURES) {
      features.put(feature.featureName(), feature.defaultLevel(version));
    }
    TestKitNodes nodes =
        new TestKitNodes.Builder(BootstrapMetadata.fromVersions(version, features, "kshealth"))
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBaseDirectory(dir)
            .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
    SETTINGS.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.setDeleteOnClose(true).build();
    try {
      formatQuietly(cluster, dir);
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Formats the storage. Kafka's formatter prints its bootstrap records to stdout, which would bury
   * the demo's own output: that text goes to {@code format.log} in the broker's dir.
   */
  private static void formatQuietly(KafkaClusterTestKit cluster, Path dir) throws Exception {
    PrintStream stdout = System.out;
    try (PrintStream log =
        new PrintStream(
            Files.newOutputStream(dir.resolve("format.log")), true, StandardCharsets.UTF_8)) {
      System.setOut(log);
      cluster.format();
    } finally {
      System.setOut(stdout);
    }
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void stop() {
    broker().shutdown();
  }

  @Override
  public void start() throws Exception {
    broker().startup();
    cluster.waitForReadyBrokers();
  }

  private BrokerServer broker() {
    return cluster.brokers().values().iterator().next();
  }

  @Override
  public String describe() {
    return "embedded KRaft broker (Kafka "
        + org.apache.kafka.common.utils.AppInfoParser.getVersion()
        + ", metadata "
        + MetadataVersion.latestProduction()
        + ") at "
        + bootstrapServers;
  }

  @Override
  public void close() throws IOException {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IOException("stopping the embedded broker failed", e);
    }
  }
}
