package io.kshealth.core.history;

import io.kshealth.api.Labels;
import io.kshealth.api.SeriesKey;
import io.kshealth.core.io.AtomicFile;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the history store to {@code <data-dir>/history.bin} on shutdown and loads it at start, so
 * that a restart does not blind trend rules for a whole window.
 *
 * <p>The file is written by {@link AtomicFile}, so a crash or a full disk mid-write leaves the
 * previous file intact. It is loaded only when younger than the window and smaller than the
 * configured bound, and only whole: a damaged file is ignored with one log line. It keeps which
 * series had ended and each collector's source start, so that an agent restart neither revives an
 * ended series nor misses a target JVM that restarted meanwhile. A file of version 1 (no ends) or
 * of release 0.x (no header, its own magic) is still read, and rewritten as version 2 at the next
 * save.
 */
public final class HistoryFile {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryFile.class);

  /** Version 2 adds each series' owner and end, and each collector's source start. */
  static final AtomicFile.Header HEADER = new AtomicFile.Header("history", 2);

  /** Release 0.x and version 1 files: series without owner or end. */
  static final int VERSION_WITHOUT_ENDS = 1;

  /** How release 0.x began the file, before {@link AtomicFile}'s header: "KSHH", version 1. */
  static final int LEGACY_MAGIC = 0x4b534848;

  static final int LEGACY_VERSION = 1;
  static final String FILE_NAME = "history.bin";

  private final Path file;
  private final Clock clock;

  public HistoryFile(Path dataDir, Clock clock) {
    this.file = dataDir.resolve(FILE_NAME);
    this.clock = clock;
  }

  /** Writes every series of the store; stops adding series when the size bound would be passed. */
  public void save(HistoryStore store) throws IOException {
    Files.createDirectories(file.getParent());
    long bound = store.config().maxFileBytes();
    Map<String, Long> starts = store.sourceStarts();
    long startsBytes = 4 + starts.keySet().stream().mapToLong(o -> 2 + 3L * o.length() + 8).sum();
    int[] written = new int[1];
    int[] skipped = new int[1];
    AtomicFile.write(
        file,
        HEADER,
        stream -> {
          DataOutputStream out = new DataOutputStream(stream);
          out.writeLong(clock.millis());
          for (Map.Entry<SeriesKey, SeriesRing> e : store.copy().entrySet()) {
            SeriesPoints p = e.getValue().points();
            if (out.size() + estimate(e.getKey(), e.getValue().owner(), p) + 1 + startsBytes
                > bound) {
              skipped[0]++;
              continue;
            }
            out.writeBoolean(true);
            writeSeries(out, e.getKey(), e.getValue(), p);
            written[0]++;
          }
          out.writeBoolean(false);
          out.writeInt(starts.size());
          for (Map.Entry<String, Long> start : starts.entrySet()) {
            out.writeUTF(start.getKey());
            out.writeLong(start.getValue());
          }
          out.flush();
        });
    if (skipped[0] > 0) {
      LOG.warn(
          "history saved to {} without {} of {} series: the file would pass history.max-file-size",
          file,
          skipped[0],
          written[0] + skipped[0]);
    } else {
      LOG.info("history saved to {}: {} series", file, written[0]);
    }
  }

  /** Loads a saved history into the store, if there is one that is recent, bounded and whole. */
  public void load(HistoryStore store) {
    AtomicFile.deleteStaleTemp(file);
    try {
      long size = Files.size(file);
      if (size > store.config().maxFileBytes()) {
        LOG.warn("ignoring saved history {}: {} bytes is over history.max-file-size", file, size);
        return;
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      LOG.warn("ignoring saved history {}: {}", file, e.toString());
      return;
    }
    Map<SeriesKey, Saved> saved = new LinkedHashMap<>();
    Map<String, Long> sourceStarts = new LinkedHashMap<>();
    long savedAt;
    try (AtomicFile.Opened opened = AtomicFile.open(file)) {
      DataInputStream data = new DataInputStream(opened.in());
      int version =
          opened.header().isPresent()
              ? opened.header().get().kind().equals(HEADER.kind())
                  ? opened.header().get().version()
                  : -1
              : data.readInt() == LEGACY_MAGIC && data.readInt() == LEGACY_VERSION
                  ? VERSION_WITHOUT_ENDS
                  : -1;
      if (version != VERSION_WITHOUT_ENDS && version != HEADER.version()) {
        LOG.warn(
            "ignoring saved history {}: not a kshealth history file of version {}",
            file,
            HEADER.version());
        return;
      }
      savedAt = data.readLong();
      long age = clock.millis() - savedAt;
      if (age > store.config().window().toMillis()) {
        LOG.info(
            "ignoring saved history {}: saved {} s ago, older than the window", file, age / 1000);
        return;
      }
      boolean withEnds = version == HEADER.version();
      while (data.readBoolean()) {
        readSeries(data, withEnds, saved);
      }
      for (int i = withEnds ? data.readInt() : 0; i > 0; i--) {
        sourceStarts.put(data.readUTF(), data.readLong());
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("ignoring damaged saved history {}: {}", file, e.toString());
      return;
    }
    // Each series comes back as it was saved: an ended series stays ended (it does not come back
    // to life for rules because the agent restarted), and a live one stays live until the first
    // run of its collector, which ends it if the target no longer has it (and ends all of them
    // when the target JVM restarted meanwhile: its saved start is restored too). Loading every
    // series as ended instead would resolve, at the first evaluation before the collectors' first
    // runs, the alerts that alerts.json brought back firing, and send them again a `for` later.
    // A series of a version 1 file has no owner: live, as before, until a collector reports it
    // (which then owns it) or history.stale-after removes it.
    sourceStarts.forEach(store::restoreSourceStart);
    saved.forEach((k, s) -> store.restore(k, s.owner, s.lastSeenMillis, s.endedMillis, s.points));
    LOG.info(
        "history loaded from {}: {} series saved {} s ago",
        file,
        saved.size(),
        (clock.millis() - savedAt) / 1000);
  }

  private static void writeSeries(
      DataOutputStream out, SeriesKey key, SeriesRing ring, SeriesPoints p) throws IOException {
    out.writeUTF(key.name());
    Labels labels = key.labels();
    out.writeShort(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.writeUTF(labels.name(i));
      out.writeUTF(labels.value(i));
    }
    out.writeUTF(ring.owner());
    out.writeLong(ring.lastSeenMillis());
    out.writeLong(ring.endedMillis());
    out.writeInt(p.size());
    for (int i = 0; i < p.size(); i++) {
      out.writeLong(p.times()[i]);
      out.writeDouble(p.values()[i]);
    }
  }

  private static void readSeries(DataInputStream in, boolean withEnds, Map<SeriesKey, Saved> into)
      throws IOException {
    String name = in.readUTF();
    int labelCount = in.readUnsignedShort();
    String[] pairs = new String[labelCount * 2];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = in.readUTF();
    }
    String owner = withEnds ? in.readUTF() : "";
    long lastSeen = in.readLong();
    long ended = withEnds ? in.readLong() : SeriesRing.LIVE;
    int n = in.readInt();
    if (n < 0 || n > SeriesRing.MAX_POINTS) {
      throw new IOException("series " + name + " claims " + n + " points");
    }
    long[] times = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = in.readLong();
      values[i] = in.readDouble();
    }
    into.put(
        new SeriesKey(name, Labels.of(pairs)),
        new Saved(owner, lastSeen, ended, new SeriesPoints(times, values)));
  }

  /** An upper bound of a series' encoded size (modified UTF-8 takes at most 3 bytes a char). */
  private static long estimate(SeriesKey key, String owner, SeriesPoints p) {
    long bytes =
        2 + 3L * (key.name().length() + owner.length()) + 2 + 2 + 8 + 8 + 4 + 16L * p.size();
    Labels l = key.labels();
    for (int i = 0; i < l.size(); i++) {
      bytes += 4 + 3L * (l.name(i).length() + l.value(i).length());
    }
    return bytes;
  }

  private record Saved(String owner, long lastSeenMillis, long endedMillis, SeriesPoints points) {}
}
