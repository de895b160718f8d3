package io.kshealth.collectors.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kshealth.api.Evidence;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ThreadInfo;
import java.util.List;

/**
 * The detail of the {@code threads} evidence, cut to {@link Evidence#MAX_DETAIL_CHARS} while it
 * stays valid JSON:
 *
 * <pre>{@code
 * {"threads": [{"name": "app-1-StreamThread-1", "id": 31, "state": "BLOCKED",
 *               "lock": "java.lang.Object@1a2b", "lock_owner": "worker-3", "lock_owner_id": 17,
 *               "blocked_count": 3, "waited_count": 12, "in_native": false,
 *               "frames": ["com.example.MyProcessor.process(MyProcessor.java:42)", ...]}, ...],
 *  "truncated": false}
 * }</pre>
 *
 * <p>{@code blocked_time_ms} and {@code waited_time_ms} are there only when the target measures
 * them (thread contention monitoring on). To fit, the frames per thread go down to 5, then 1, then
 * threads are dropped from the end; the first thread, the suspicious one, stays.
 */
final class ThreadsJson {

  private static final JsonFactory JSON = new JsonFactory();

  /** Bounds each text (a thread's name is free text): one thread then always fits. */
  static final int MAX_TEXT_CHARS = 512;

  private static final int[] FRAMES_TO_TRY = {StreamThreadDump.MAX_FRAMES, 5, 1};

  private ThreadsJson() {}

  static String write(List<ThreadInfo> threads) {
    boolean cut = false;
    for (int frames : FRAMES_TO_TRY) {
      String json = write(threads, frames, cut);
      if (json.length() <= Evidence.MAX_DETAIL_CHARS) {
        return json;
      }
      cut = true;
    }
    for (int n = threads.size() - 1; ; n--) {
      String json = write(threads.subList(0, n), 1, true);
      if (json.length() <= Evidence.MAX_DETAIL_CHARS) {
        return json;
      }
    }
  }

  private static String write(List<ThreadInfo> threads, int maxFrames, boolean truncated) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("threads");
      for (ThreadInfo t : threads) {
        thread(g, t, maxFrames);
      }
      g.writeEndArray();
      g.writeBooleanField("truncated", truncated);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return out.toString();
  }

  private static void thread(JsonGenerator g, ThreadInfo t, int maxFrames) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", text(t.getThreadName()));
    g.writeNumberField("id", t.getThreadId());
    g.writeStringField("state", t.getThreadState().name());
    if (t.getLockName() != null) {
      g.writeStringField("lock", text(t.getLockName()));
    }
    if (t.getLockOwnerName() != null) {
      g.writeStringField("lock_owner", text(t.getLockOwnerName()));
      g.writeNumberField("lock_owner_id", t.getLockOwnerId());
    }
    g.writeNumberField("blocked_count", t.getBlockedCount());
    if (t.getBlockedTime() >= 0) {
      g.writeNumberField("blocked_time_ms", t.getBlockedTime());
    }
    g.writeNumberField("waited_count", t.getWaitedCount());
    if (t.getWaitedTime() >= 0) {
      g.writeNumberField("waited_time_ms", t.getWaitedTime());
    }
    g.writeBooleanField("in_native", t.isInNative());
    g.writeArrayFieldStart("frames");
    StackTraceElement[] stack = t.getStackTrace();
    for (int i = 0; i < Math.min(stack.length, maxFrames); i++) {
      g.writeString(text(ThreadEvidence.frame(stack[i])));
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static String text(String s) {
    return s.length() <= MAX_TEXT_CHARS ? s : s.substring(0, MAX_TEXT_CHARS - 1) + "…";
  }
}
