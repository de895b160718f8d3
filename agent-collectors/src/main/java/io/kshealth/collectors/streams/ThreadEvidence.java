package io.kshealth.collectors.streams;

import io.kshealth.api.Evidence;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code threads} evidence from the stream threads of one capture: the most suspicious thread
 * and its frames as two short annotations for receivers, every thread in the JSON detail.
 *
 * <p>The most suspicious thread is the first BLOCKED one; else the first that is somewhere other
 * than waiting for records in Kafka's poll (in the app's processor, a lock, a producer's send);
 * else the first. Its annotations read:
 *
 * <pre>
 * stuck_thread: app-1-StreamThread-1 BLOCKED on java.lang.Object@1a2b owned by worker-3 in
 *               com.example.MyProcessor.process(MyProcessor.java:42)
 * stuck_frames: java.lang.Thread.sleep(Native Method) <- com.example.MyProcessor.process(...) <- ...
 * </pre>
 */
final class ThreadEvidence {

  static final String STUCK_THREAD = "stuck_thread";
  static final String STUCK_FRAMES = "stuck_frames";

  /** Frames in the {@code stuck_frames} annotation. */
  static final int ANNOTATED_FRAMES = 5;

  /** Where the first frame outside the JDK says a thread waits for records (classic and new). */
  private static final List<String> POLL_PATH =
      List.of("org.apache.kafka.clients.consumer.", "org.apache.kafka.common.network.");

  private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  private ThreadEvidence() {}

  /** The evidence from {@code threads}, of which there is at least one. */
  static Evidence of(List<ThreadInfo> threads, long capturedAtMillis) {
    ThreadInfo stuck = stuck(threads);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(STUCK_THREAD, describe(stuck));
    StackTraceElement[] stack = stuck.getStackTrace();
    if (stack.length > 0) {
      int from = Math.max(0, firstOutsideJdk(stack) - 1);
      annotations.put(
          STUCK_FRAMES,
          Arrays.stream(stack, from, Math.min(stack.length, from + ANNOTATED_FRAMES))
              .map(ThreadEvidence::frame)
              .collect(Collectors.joining(" <- ")));
    }
    List<ThreadInfo> stuckFirst = new ArrayList<>(threads.size());
    stuckFirst.add(stuck);
    threads.stream().filter(t -> t != stuck).forEach(stuckFirst::add);
    return new Evidence(
        Evidence.THREADS, capturedAtMillis, annotations, ThreadsJson.write(stuckFirst));
  }

  static ThreadInfo stuck(List<ThreadInfo> threads) {
    return threads.stream()
        .filter(t -> t.getThreadState() == Thread.State.BLOCKED)
        .findFirst()
        .or(() -> threads.stream().filter(t -> !waitsForRecords(t)).findFirst())
        .orElse(threads.get(0));
  }

  /** A thread without frames (starting, or ending) says nothing, so it counts as waiting. */
  private static boolean waitsForRecords(ThreadInfo t) {
    StackTraceElement[] stack = t.getStackTrace();
    int own = firstOutsideJdk(stack);
    return stack.length == 0
        || (own >= 0 && POLL_PATH.stream().anyMatch(stack[own].getClassName()::startsWith));
  }

  /**
   * {@code <name> <STATE>[ on <lock>[ owned by <owner>]][ in <frame>][ (in native code)]}, the
   * frame being the first outside the JDK (the app's, or Kafka's), else the top one.
   */
  static String describe(ThreadInfo t) {
    StringBuilder s = new StringBuilder(t.getThreadName()).append(' ').append(t.getThreadState());
    if (t.getLockName() != null) {
      s.append(" on ").append(t.getLockName());
      if (t.getLockOwnerName() != null) {
        s.append(" owned by ").append(t.getLockOwnerName());
      }
    }
    StackTraceElement[] stack = t.getStackTrace();
    if (stack.length > 0) {
      s.append(" in ").append(frame(stack[Math.max(0, firstOutsideJdk(stack))]));
    }
    if (t.isInNative()) {
      s.append(" (in native code)");
    }
    return s.toString();
  }

  /** The index of the first frame outside the JDK; -1 when every frame is the JDK's. */
  private static int firstOutsideJdk(StackTraceElement[] stack) {
    for (int i = 0; i < stack.length; i++) {
      if (JDK.stream().noneMatch(stack[i].getClassName()::startsWith)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code class.method(File.java:42)}, as a stack trace prints it without the module and class
   * loader names.
   */
  static String frame(StackTraceElement e) {
    String where;
    if (e.isNativeMethod()) {
      where = "Native Method";
    } else if (e.getFileName() == null) {
      where = "Unknown Source";
    } else {
      where = e.getFileName() + (e.getLineNumber() >= 0 ? ":" + e.getLineNumber() : "");
    }
    return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
  }
}
