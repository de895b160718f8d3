package io.kshealth.collectors.support.rocksdb;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.CountingConnection;
import io.kshealth.collectors.support.jmx.FakeMBean;
import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.collectors.support.jmx.StreamsClient;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * The nine store instances of the reference dump (a 4.3.1 app, default RocksDB configuration: three
 * stores on three tasks, each with its own fresh 50 MiB cache holding 88 bytes), as fake MBeans in
 * a fresh MBean server. Kafka reports these values as {@code BigInteger}, so the fakes do too.
 */
final class DumpedStores {

  static final String CLIENT_ID = "spike-app-50c2bbd2-fb84-42c2-b80c-a7065c1787b5";
  static final StreamsClient CLIENT = new StreamsClient(CLIENT_ID, "spike-app");
  static final Labels COUNTS = store("counts-store", "key-value");
  static final Labels PROFILES = store("profiles-store", "key-value");
  static final Labels WINDOW = store("win-agg-store", "window");
  static final double CAPACITY = 52428800;

  /** Memtables of all nine instances, as dumped. */
  static final double MEMTABLES = 3 * 1054728 + 7346232 + 9574480 + 7346232 + 3 * 1054728;

  /** What every dumped instance reads: a fresh cache, no SST file yet, nothing pending. */
  private static final Map<String, Object> SAME_IN_EVERY_INSTANCE =
      Map.ofEntries(
          Map.entry("block-cache-usage", big(88)),
          Map.entry("block-cache-pinned-usage", big(88)),
          Map.entry("block-cache-capacity", big(52428800)),
          Map.entry("estimate-table-readers-mem", big(0)),
          Map.entry("total-sst-files-size", big(0)),
          Map.entry("live-sst-files-size", big(0)),
          Map.entry("estimate-pending-compaction-bytes", big(0)),
          Map.entry("mem-table-flush-pending", big(0)),
          Map.entry("compaction-pending", big(0)),
          Map.entry("background-errors", big(0)));

  final MBeanServer server = MBeanServerFactory.newMBeanServer();
  final CountingConnection jmx = new CountingConnection(server);

  /** The instances in the order registered below, and their names. */
  final List<FakeMBean> instances = new ArrayList<>();

  final List<ObjectName> names = new ArrayList<>();

  DumpedStores() throws JMException {
    instance(1, "0_0", "rocksdb-state-id=counts-store", 1054728, 6551);
    instance(1, "0_0", "rocksdb-state-id=profiles-store", 7346232, 13043);
    instance(1, "0_0", "rocksdb-window-state-id=win-agg-store", 1054728, 6582);
    instance(1, "0_2", "rocksdb-state-id=counts-store", 1054728, 6669);
    instance(1, "0_2", "rocksdb-state-id=profiles-store", 9574480, 15840);
    instance(1, "0_2", "rocksdb-window-state-id=win-agg-store", 1054728, 6744);
    instance(2, "0_1", "rocksdb-state-id=counts-store", 1054728, 6671);
    instance(2, "0_1", "rocksdb-state-id=profiles-store", 7346232, 12269);
    instance(2, "0_1", "rocksdb-window-state-id=win-agg-store", 1054728, 6689);
  }

  private void instance(int thread, String task, String store, long memtables, long keys)
      throws JMException {
    String name =
        String.format(
            "kafka.streams:type=stream-state-metrics,thread-id=%s-StreamThread-%d,task-id=%s,%s",
            CLIENT_ID, thread, task, store);
    names.add(MBeanValues.objectName(name));
    FakeMBean instance =
        FakeMBean.register(
            server,
            name,
            "size-all-mem-tables",
            big(memtables),
            "cur-size-all-mem-tables",
            big(memtables),
            "estimate-num-keys",
            big(keys),
            "put-rate",
            0.0,
            "get-latency-avg",
            Double.NaN);
    SAME_IN_EVERY_INSTANCE.forEach(instance::set);
    instances.add(instance);
  }

  void setAll(String attribute, long value) {
    instances.forEach(i -> i.set(attribute, big(value)));
  }

  /** Runs {@code reader} for {@code clients}, or for the dumped client alone when none is given. */
  List<Sample> run(RocksDbReader reader, StreamsClient... clients) throws IOException, JMException {
    Snapshot.Builder out = new Snapshot.Builder("test", 0);
    reader.read(jmx.connection(), clients.length == 0 ? List.of(CLIENT) : List.of(clients), out);
    return out.build().samples();
  }

  static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }

  private static Labels store(String store, String type) {
    return CLIENT.labels().and("store", store).and("store_type", type);
  }
}
