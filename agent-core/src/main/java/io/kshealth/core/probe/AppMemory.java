package io.kshealth.core.probe;

import io.kshealth.core.io.AtomicFile;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.io.IoErrors;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the probes must remember across agent restarts: the app JVM last seen (its start time),
 * whether its client has been RUNNING since that JVM started, and when the app restarted within the
 * restart budget's window. Saved in the data dir at each change, which happens at most once per app
 * restart and once per first RUNNING; a file that cannot be read is reported and started afresh,
 * never fatal.
 */
final class AppMemory {

  private static final Logger LOG = LoggerFactory.getLogger(AppMemory.class);

  static final String FILE = "app-probes";
  private static final AtomicFile.Header HEADER = new AtomicFile.Header("kshealth-app-probes", 1);

  /** More restarts than any budget counts are not kept: the file stays small. */
  static final int MAX_RESTARTS = 1000;

  private final Optional<Path> file;
  private final DataDirHealth dataDir;
  private long jvmStartMillis;
  private boolean everRunning;
  private final Deque<Long> restarts = new ArrayDeque<>();

  private AppMemory(Optional<Path> dir, DataDirHealth dataDir) {
    this.file = dir.map(d -> d.resolve(FILE));
    this.dataDir = dataDir;
  }

  static AppMemory load(Optional<Path> dir, DataDirHealth dataDir) {
    AppMemory memory = new AppMemory(dir, dataDir);
    memory.file.filter(Files::exists).ifPresent(memory::read);
    return memory;
  }

  private void read(Path path) {
    try {
      AtomicFile.Contents contents = AtomicFile.read(path);
      if (!contents.header().equals(Optional.of(HEADER))) {
        throw new IOException("not a kshealth app probe file of version " + HEADER.version());
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(contents.body()));
      long start = in.readLong();
      boolean running = in.readBoolean();
      int n = in.readInt();
      if (n < 0 || n > MAX_RESTARTS) {
        throw new IOException("it lists " + n + " restarts, at most " + MAX_RESTARTS + " are kept");
      }
      for (int i = 0; i < n; i++) {
        restarts.addLast(in.readLong());
      }
      jvmStartMillis = start;
      everRunning = running;
    } catch (IOException e) {
      forget(path, IoErrors.describe(e));
    } catch (RuntimeException e) {
      forget(path, e.toString());
    }
  }

  private void forget(Path path, String why) {
    restarts.clear();
    LOG.warn(
        "{}: cannot read the probes' memory ({}); the restart budget starts afresh", path, why);
  }

  /**
   * Takes a target JVM's start time: a new one is a restart of the app, unless it is the first ever
   * seen.
   *
   * @return whether it was a restart
   */
  boolean jvmStarted(long startMillis) {
    if (startMillis == jvmStartMillis) {
      return false;
    }
    boolean restart = jvmStartMillis != 0 && startMillis > jvmStartMillis;
    jvmStartMillis = startMillis;
    everRunning = false;
    if (restart) {
      restarts.addLast(startMillis);
      while (restarts.size() > MAX_RESTARTS) {
        restarts.removeFirst();
      }
    }
    save();
    return restart;
  }

  void running() {
    if (!everRunning) {
      everRunning = true;
      save();
    }
  }

  boolean everRunning() {
    return everRunning;
  }

  /** The app restarts seen at or after {@code sinceMillis}. */
  int restartsSince(long sinceMillis) {
    return (int) restarts.stream().filter(t -> t >= sinceMillis).count();
  }

  private void save() {
    if (file.isEmpty()) {
      return;
    }
    try {
      AtomicFile.write(
          file.get(),
          HEADER,
          os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.writeLong(jvmStartMillis);
            out.writeBoolean(everRunning);
            out.writeInt(restarts.size());
            for (long t : restarts) {
              out.writeLong(t);
            }
            out.flush();
          });
      dataDir.written(DataDirHealth.APP_PROBES);
    } catch (IOException e) {
      dataDir.failed(DataDirHealth.APP_PROBES);
      LOG.warn("{}: cannot save the probes' memory: {}", file.get(), IoErrors.describe(e));
    }
  }
}
