package io.kshealth.collectors.streams;

import io.kshealth.collectors.support.jmx.MBeanValues;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Reads the target's stream threads from its own {@code java.lang:type=Threading} MXBean, in three
 * calls however many threads it runs: the ids of all threads, their names (without stacks), then
 * the state, lock, counts and top {@value #MAX_FRAMES} frames of the stream threads only. The
 * target walks no other thread's stack.
 *
 * <p>Nothing is loaded into the target and nothing is switched on there: with thread contention
 * monitoring off (the JVM's default), the blocked and waited times read -1, and are left out.
 */
final class StreamThreadDump {

  static final int MAX_FRAMES = 20;

  /**
   * Kafka Streams names its threads {@code <client.id>-StreamThread-<n>}, and its clients' threads
   * after them ({@code kafka-producer-network-thread | <client.id>-StreamThread-1-producer}).
   */
  private static final Pattern STREAM_THREAD = Pattern.compile("(.*)-(StreamThread-\\d+)");

  private static final ObjectName THREADING =
      MBeanValues.objectName(ManagementFactory.THREAD_MXBEAN_NAME);
  private static final String[] IDS_AND_DEPTH = {long[].class.getName(), int.class.getName()};

  private StreamThreadDump() {}

  /** The stream threads that {@code wanted} accepts by name, in the order they were started. */
  static List<ThreadInfo> read(MBeanServerConnection server, Predicate<String> wanted)
      throws IOException, JMException {
    long[] all = (long[]) server.getAttribute(THREADING, "AllThreadIds");
    long[] ids =
        infos(server, all, 0).stream()
            .filter(t -> wanted.test(t.getThreadName()))
            .mapToLong(ThreadInfo::getThreadId)
            .toArray();
    if (ids.length == 0) {
      return List.of();
    }
    return infos(server, ids, MAX_FRAMES).stream()
        .sorted(Comparator.comparingLong(ThreadInfo::getThreadId))
        .toList();
  }

  /** One {@code getThreadInfo(ids, maxDepth)} call; a thread that ended since is not in it. */
  private static List<ThreadInfo> infos(MBeanServerConnection server, long[] ids, int depth)
      throws IOException, JMException {
    CompositeData[] data =
        (CompositeData[])
            server.invoke(THREADING, "getThreadInfo", new Object[] {ids, depth}, IDS_AND_DEPTH);
    return Arrays.stream(data).filter(Objects::nonNull).map(ThreadInfo::from).toList();
  }

  /**
   * The stream threads an alert is about, from the labels the streams metrics carry: {@code
   * client_id} (the client's threads) and {@code thread} ({@code StreamThread-1}), each only when
   * the alert has it; every stream thread when it has neither.
   */
  static Predicate<String> named(Map<String, String> labels) {
    String client = labels.get("client_id");
    String thread = labels.get("thread");
    return name -> {
      Matcher m = STREAM_THREAD.matcher(name);
      return m.matches()
          && (client == null || client.equals(m.group(1)))
          && (thread == null || thread.equals(m.group(2)));
    };
  }
}
