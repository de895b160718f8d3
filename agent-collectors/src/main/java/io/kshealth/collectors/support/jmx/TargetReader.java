package io.kshealth.collectors.support.jmx;

import io.kshealth.api.Snapshot;
import java.io.IOException;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * One part of what the agent reads from the target JVM over JMX (stream threads, restores, RocksDB,
 * the JVM's memory). A reader queries only the MBean names it needs and reads each with one {@link
 * MBeanValues#read}. Readers may keep state between runs (to compute rates or track changes); the
 * collector calls them from one thread, one run at a time.
 */
public interface TargetReader {

  /**
   * Reads into {@code out}.
   *
   * @param clients the Streams clients present in the target in this run, read just before; a
   *     reader skips MBeans of threads that belong to none of them
   * @throws IOException only when the connection fails: a missing MBean or attribute is missing
   *     data, not an error
   */
  void read(MBeanServerConnection server, List<StreamsClient> clients, Snapshot.Builder out)
      throws IOException, JMException;
}
