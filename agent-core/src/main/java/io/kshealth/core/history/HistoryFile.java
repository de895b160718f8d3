package io.kshealth.core.history;

import io.kshealth.core.io.AtomicFile;
import io.kshealth.core.model.Labels;
import io.kshealth.core.model.SeriesKey;
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
 * configured bound, and only whole: a damaged file is ignored with one log line. A file of release
 * 0.x (no header, its own magic) is still read, and rewritten with a header at the next save.
 */
public final class HistoryFile {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryFile.class);
  static final AtomicFile.Header HEADER = new AtomicFile.Header("history", 1);

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
            if (out.size() + estimate(e.getKey(), p) + 1 > bound) {
              skipped[0]++;
              continue;
            }
            out.writeBoolean(true);
            writeSeries(out, e.getKey(), e.getValue().lastSeenMillis(), p);
            written[0]++;
          }
          out.writeBoolean(false);
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
    long savedAt;
    try (AtomicFile.Opened opened = AtomicFile.open(file)) {
      DataInputStream data = new DataInputStream(opened.in());
      boolean known =
          opened.header().isPresent()
              ? opened.header().get().equals(HEADER)
              : data.readInt() == LEGACY_MAGIC && data.readInt() == LEGACY_VERSION;
      if (!known) {
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
      while (data.readBoolean()) {
        readSeries(data, saved);
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("ignoring damaged saved history {}: {}", file, e.toString());
      return;
    }
    saved.forEach((k, s) -> store.restore(k, s.lastSeenMillis, s.points));
    LOG.info(
        "history loaded from {}: {} series saved {} s ago",
        file,
        saved.size(),
        (clock.millis() - savedAt) / 1000);
  }

  private static void writeSeries(
      DataOutputStream out, SeriesKey key, long lastSeen, SeriesPoints p) throws IOException {
    out.writeUTF(key.name());
    Labels labels = key.labels();
    out.writeShort(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.writeUTF(labels.name(i));
      out.writeUTF(labels.value(i));
    }
    out.writeLong(lastSeen);
    out.writeInt(p.size());
    for (int i = 0; i < p.size(); i++) {
      out.writeLong(p.times()[i]);
      out.writeDouble(p.values()[i]);
    }
  }

  private static void readSeries(DataInputStream in, Map<SeriesKey, Saved> into)
      throws IOException {
    String name = in.readUTF();
    int labelCount = in.readUnsignedShort();
    String[] pairs = new String[labelCount * 2];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = in.readUTF();
    }
    long lastSeen = in.readLong();
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
        new Saved(lastSeen, new SeriesPoints(times, values)));
  }

  /** An upper bound of a series' encoded size (modified UTF-8 takes at most 3 bytes a char). */
  private static long estimate(SeriesKey key, SeriesPoints p) {
    long bytes = 2 + 3L * key.name().length() + 2 + 8 + 4 + 16L * p.size();
    Labels l = key.labels();
    for (int i = 0; i < l.size(); i++) {
      bytes += 4 + 3L * (l.name(i).length() + l.value(i).length());
    }
    return bytes;
  }

  private record Saved(long lastSeenMillis, SeriesPoints points) {}
}
