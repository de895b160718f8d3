package io.kshealth.core.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.SeriesKey;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.io.AtomicFile;
import io.kshealth.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFileTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();

  private HistoryStore store(long maxFileBytes) {
    return new HistoryStore(
        new HistoryConfig(
            Duration.ofMinutes(30), 1000, Duration.ofMinutes(5), Optional.of(dir), maxFileBytes),
        clock);
  }

  private void fill(HistoryStore store, int series, int points) {
    for (int i = 0; i < points; i++) {
      Snapshot.Builder b = new Snapshot.Builder("lag", clock.millis());
      for (int s = 0; s < series; s++) {
        b.add(
            HistoryStoreTest.LAG, Labels.of("partition", "p" + s, "topic", "orders"), s * 1000 + i);
      }
      store.append(b.build());
      clock.advance(Duration.ofSeconds(10));
    }
  }

  private static SeriesKey key(int s) {
    return new SeriesKey(
        HistoryStoreTest.LAG.name(), Labels.of("partition", "p" + s, "topic", "orders"));
  }

  @Test
  void restartKeepsTheTrend() throws IOException {
    HistoryStore before = store(1 << 20);
    fill(before, 3, 12);
    new HistoryFile(dir, clock).save(before);
    assertFalse(
        Files.exists(dir.resolve(HistoryFile.FILE_NAME + ".tmp")), "no temporary file left");

    clock.advance(Duration.ofSeconds(30));
    HistoryStore after = store(1 << 20);
    new HistoryFile(dir, clock).load(after);

    assertEquals(3, after.seriesCount());
    assertArrayEquals(
        before.points(key(2)).orElseThrow().values(), after.points(key(2)).orElseThrow().values());
    assertArrayEquals(
        before.points(key(2)).orElseThrow().times(), after.points(key(2)).orElseThrow().times());
  }

  @Test
  void ignoresAFileOlderThanTheWindow() throws IOException {
    HistoryStore before = store(1 << 20);
    fill(before, 2, 3);
    new HistoryFile(dir, clock).save(before);

    clock.advance(Duration.ofMinutes(31));
    HistoryStore after = store(1 << 20);
    new HistoryFile(dir, clock).load(after);

    assertEquals(0, after.seriesCount());
  }

  @Test
  void dropsLoadedPointsThatFellOutOfTheWindow() throws IOException {
    HistoryStore before = store(1 << 20);
    fill(before, 1, 30); // 30 points over 5 minutes
    new HistoryFile(dir, clock).save(before);

    clock.advance(Duration.ofMinutes(27));
    HistoryStore after = store(1 << 20);
    new HistoryFile(dir, clock).load(after);

    SeriesPoints p = after.points(key(0)).orElseThrow();
    assertTrue(p.size() > 0 && p.size() < 30, "only the last minutes survive: " + p.size());
    assertTrue(p.times()[0] >= clock.millis() - Duration.ofMinutes(30).toMillis());
  }

  @Test
  void ignoresADamagedFileWhole() throws IOException {
    HistoryStore before = store(1 << 20);
    fill(before, 5, 10);
    HistoryFile file = new HistoryFile(dir, clock);
    file.save(before);
    Path saved = dir.resolve(HistoryFile.FILE_NAME);
    byte[] bytes = Files.readAllBytes(saved);
    Files.write(saved, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    HistoryStore after = store(1 << 20);
    file.load(after);

    assertEquals(0, after.seriesCount(), "a truncated file loads nothing, not half");
  }

  @Test
  void staysWithinTheSizeBound() throws IOException {
    HistoryStore before = store(4096);
    fill(before, 20, 10); // each series ~ 10 x 16 bytes + labels: ~ 200 bytes
    new HistoryFile(dir, clock).save(before);

    assertTrue(Files.size(dir.resolve(HistoryFile.FILE_NAME)) <= 4096);
    HistoryStore after = store(4096);
    new HistoryFile(dir, clock).load(after);
    assertTrue(after.seriesCount() > 0 && after.seriesCount() < 20, "" + after.seriesCount());
  }

  @Test
  void refusesAFileOverTheBound() throws IOException {
    HistoryStore before = store(1 << 20);
    fill(before, 20, 10);
    new HistoryFile(dir, clock).save(before);

    HistoryStore after = store(1024);
    new HistoryFile(dir, clock).load(after);

    assertEquals(0, after.seriesCount());
  }

  /** The body versions 0.x and 1 wrote: series without owner or end, no source starts. */
  private void writeVersion1Body(DataOutputStream out, HistoryStore store) throws IOException {
    out.writeLong(clock.millis());
    for (Map.Entry<SeriesKey, SeriesRing> e : store.copy().entrySet()) {
      out.writeBoolean(true);
      out.writeUTF(e.getKey().name());
      Labels labels = e.getKey().labels();
      out.writeShort(labels.size());
      for (int i = 0; i < labels.size(); i++) {
        out.writeUTF(labels.name(i));
        out.writeUTF(labels.value(i));
      }
      out.writeLong(e.getValue().lastSeenMillis());
      SeriesPoints p = e.getValue().points();
      out.writeInt(p.size());
      for (int i = 0; i < p.size(); i++) {
        out.writeLong(p.times()[i]);
        out.writeDouble(p.values()[i]);
      }
    }
    out.writeBoolean(false);
  }

  @Test
  void readsAFileOfTheReleaseBeforeHeadersAndRewritesItWithOne() throws IOException {
    HistoryStore before = store(1 << 20);
    fill(before, 3, 12);
    HistoryFile file = new HistoryFile(dir, clock);
    // Release 0.x wrote "KSHH", version 1, then the body of version 1.
    Path saved = dir.resolve(HistoryFile.FILE_NAME);
    ByteArrayOutputStream legacy = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(legacy);
    out.writeInt(HistoryFile.LEGACY_MAGIC);
    out.writeInt(HistoryFile.LEGACY_VERSION);
    writeVersion1Body(out, before);
    Files.write(saved, legacy.toByteArray());
    assertEquals(Optional.empty(), AtomicFile.read(saved).header());

    HistoryStore after = store(1 << 20);
    file.load(after);
    assertEquals(3, after.seriesCount());
    assertArrayEquals(
        before.points(key(1)).orElseThrow().values(), after.points(key(1)).orElseThrow().values());

    file.save(after);
    assertEquals(Optional.of(HistoryFile.HEADER), AtomicFile.read(saved).header());
  }

  @Test
  void readsAVersion1FileItsSeriesLiveUntilACollectorReportsThem() throws IOException {
    HistoryStore before = store(1 << 20);
    fill(before, 3, 12);
    Path saved = dir.resolve(HistoryFile.FILE_NAME);
    AtomicFile.write(
        saved,
        new AtomicFile.Header("history", HistoryFile.VERSION_WITHOUT_ENDS),
        stream -> {
          DataOutputStream out = new DataOutputStream(stream);
          writeVersion1Body(out, before);
          out.flush();
        });

    HistoryStore after = store(1 << 20);
    new HistoryFile(dir, clock).load(after);
    assertEquals(3, after.liveSeriesCount());
    assertEquals(3, after.seriesNamed(HistoryStoreTest.LAG.name()).size());

    // Owned by nobody, a loaded series is ended by no run until a collector reports it again.
    after.append(new Snapshot.Builder("lag", clock.millis()).build());
    assertEquals(3, after.liveSeriesCount());
    fill(after, 1, 1);
    after.append(new Snapshot.Builder("lag", clock.millis()).build());
    assertTrue(after.ended(key(0)));
    assertFalse(after.ended(key(1)));
  }

  @Test
  void endsOwnersAndSourceStartsSurviveARestart() throws IOException {
    HistoryStore before = store(1 << 20);
    long jvm = clock.millis() - Duration.ofHours(1).toMillis();
    before.append(
        new Snapshot.Builder("streams", clock.millis())
            .sourceStart(jvm)
            .add(HistoryStoreTest.RESTARTS, Labels.EMPTY, 40)
            .add(HistoryStoreTest.LAG, Labels.of("partition", "p0", "topic", "orders"), 1)
            .add(HistoryStoreTest.LAG, Labels.of("partition", "p1", "topic", "orders"), 1)
            .build());
    clock.advance(Duration.ofSeconds(10));
    before.append(
        new Snapshot.Builder("streams", clock.millis())
            .sourceStart(jvm)
            .add(HistoryStoreTest.RESTARTS, Labels.EMPTY, 41)
            .add(HistoryStoreTest.LAG, Labels.of("partition", "p0", "topic", "orders"), 2)
            .build());
    assertTrue(before.ended(key(1)));
    new HistoryFile(dir, clock).save(before);

    clock.advance(Duration.ofSeconds(30));
    HistoryStore after = store(1 << 20);
    new HistoryFile(dir, clock).load(after);

    assertTrue(after.ended(key(1)), "an ended series stays ended");
    assertFalse(after.ended(key(0)), "a live one stays live until its collector runs");
    assertEquals(1, after.endedSeriesCount());
    assertEquals(2, after.liveSeriesCount());
    assertEquals(1, after.points(key(1)).orElseThrow().size(), "with its points");

    // The JVM restarted while the agent was down: the saved start tells the first run so, and
    // the old JVM's counter ends and starts again from zero at the new JVM's start.
    after.append(
        new Snapshot.Builder("streams", clock.millis())
            .sourceStart(clock.millis() - 5_000)
            .add(HistoryStoreTest.RESTARTS, Labels.EMPTY, 1)
            .add(HistoryStoreTest.LAG, Labels.of("partition", "p0", "topic", "orders"), 3)
            .build());
    assertEquals(1, after.endedSeriesCount());
    SeriesKey restarts = new SeriesKey(HistoryStoreTest.RESTARTS.name(), Labels.EMPTY);
    assertArrayEquals(new double[] {40, 41, 0, 1}, after.points(restarts).orElseThrow().values());
  }

  @Test
  void deletesATemporaryFileACrashLeft() throws IOException {
    Files.writeString(dir.resolve(HistoryFile.FILE_NAME + ".tmp"), "half a history");
    new HistoryFile(dir, clock).load(store(1 << 20));
    assertFalse(Files.exists(dir.resolve(HistoryFile.FILE_NAME + ".tmp")));
  }
}
