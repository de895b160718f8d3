package io.kshealth.collectors.support.rocksdb;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is where in a Kafka Streams 4.x {@code state.dir}, found by listing directories:
 *
 * <pre>
 * state.dir/&lt;applicationId&gt;/&lt;subtopology&gt;_&lt;partition&gt;/rocksdb/&lt;store&gt;/                   key-value store
 * state.dir/&lt;applicationId&gt;/&lt;subtopology&gt;_&lt;partition&gt;/&lt;store&gt;/&lt;store&gt;.&lt;segmentId&gt;/   window or session store
 * state.dir/&lt;applicationId&gt;/global/rocksdb/&lt;store&gt;/                                global store
 * </pre>
 *
 * Every store (and every segment) is a RocksDB directory. Files that are not stores ({@code .lock},
 * {@code .checkpoint}) count towards their task's bytes; those directly in the application
 * directory ({@code kafka-streams-process-metadata}) towards nothing. Directories and files that
 * vanish while we look are skipped, never reported as empty.
 */
public final class StateDirLayout {

  /** The directory of global stores (GlobalKTables), laid out like a task; reported as one. */
  static final String GLOBAL = "global";

  private static final String KEY_VALUE_STORES = "rocksdb";
  private static final Pattern TASK = Pattern.compile("[0-9]+_[0-9]+");
  // At most 18 digits, so that every number fits a long.
  private static final Pattern OPTIONS = Pattern.compile("OPTIONS-([0-9]{1,18})");

  /** The characters Kafka allows in an application id (it prefixes topic names). */
  private static final Pattern APPLICATION_ID = Pattern.compile("[a-zA-Z0-9._-]+");

  /**
   * One store of one task.
   *
   * @param segments for window and session stores only
   * @param options the newest OPTIONS file (of the newest segment that has one)
   */
  public record Store(String name, long bytes, OptionalInt segments, Optional<Path> options) {}

  /** One task's directory; {@code bytes} counts its stores and its other files. */
  public record Task(String id, long bytes, List<Store> stores) {}

  public record App(String id, List<Task> tasks) {
    public long bytes() {
      return tasks.stream().mapToLong(Task::bytes).sum();
    }
  }

  private StateDirLayout() {}

  /**
   * The applications of {@code applicationIds} under {@code stateDir}, in the order of their ids;
   * none for an id whose directory does not exist (yet).
   *
   * <p>None either when {@code stateDir} does not exist: Kafka Streams creates it when the app
   * first starts, and an agent may well start before the app.
   *
   * @throws IOException when {@code stateDir} is not a directory or a directory cannot be read
   */
  public static List<App> scan(Path stateDir, Collection<String> applicationIds)
      throws IOException {
    if (Files.exists(stateDir)) {
      if (!isDirectory(stateDir)) {
        throw new IOException(stateDir + " is not a directory");
      }
      if (!Files.isExecutable(stateDir)) {
        throw new IOException(stateDir + ": permission denied");
      }
    }
    List<App> apps = new ArrayList<>();
    for (String id : new TreeSet<>(applicationIds)) {
      if (!isApplicationId(id)) {
        throw new IllegalArgumentException("not an application.id: " + id);
      }
      Path dir = stateDir.resolve(id);
      if (isDirectory(dir)) {
        app(dir).ifPresent(apps::add);
      }
    }
    return apps;
  }

  /** What Kafka allows in an application id, which never names another directory. */
  public static boolean isApplicationId(String id) {
    return APPLICATION_ID.matcher(id).matches() && !id.equals(".") && !id.equals("..");
  }

  private static Optional<App> app(Path dir) throws IOException {
    Optional<List<Path>> entries = list(dir);
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    List<Task> tasks = new ArrayList<>();
    for (Path entry : entries.get()) {
      String name = entry.getFileName().toString();
      if ((TASK.matcher(name).matches() || name.equals(GLOBAL)) && isDirectory(entry)) {
        task(entry).ifPresent(tasks::add);
      }
    }
    return Optional.of(new App(dir.getFileName().toString(), tasks));
  }

  private static Optional<Task> task(Path dir) throws IOException {
    Optional<List<Path>> entries = list(dir);
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    List<Store> stores = new ArrayList<>();
    long other = 0;
    for (Path entry : entries.get()) {
      String name = entry.getFileName().toString();
      if (!isDirectory(entry)) {
        other += DiskUsage.of(entry).orElse(0);
      } else if (name.equals(KEY_VALUE_STORES)) {
        for (Path store : list(entry).orElse(List.of())) {
          if (isDirectory(store)) {
            keyValueStore(store).ifPresent(stores::add);
          } else {
            other += DiskUsage.of(store).orElse(0);
          }
        }
      } else {
        segmentedStore(entry).ifPresent(stores::add);
      }
    }
    long bytes = other + stores.stream().mapToLong(Store::bytes).sum();
    return Optional.of(new Task(dir.getFileName().toString(), bytes, stores));
  }

  private static Optional<Store> keyValueStore(Path dir) throws IOException {
    OptionalLong bytes = DiskUsage.of(dir);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    String name = dir.getFileName().toString();
    return Optional.of(new Store(name, bytes.getAsLong(), OptionalInt.empty(), newestOptions(dir)));
  }

  private static Optional<Store> segmentedStore(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    Pattern segmentName = Pattern.compile(Pattern.quote(name) + "\\.([0-9]{1,18})");
    Optional<List<Path>> entries = list(dir);
    OptionalLong bytes = DiskUsage.of(dir);
    if (entries.isEmpty() || bytes.isEmpty()) {
      return Optional.empty();
    }
    List<Path> segments = new ArrayList<>();
    for (Path entry : entries.get()) {
      if (segmentName.matcher(entry.getFileName().toString()).matches() && isDirectory(entry)) {
        segments.add(entry);
      }
    }
    // Newest first; the newest segment may not have written its OPTIONS file yet.
    segments.sort(Comparator.comparing((Path p) -> number(segmentName, p)).reversed());
    Optional<Path> options = Optional.empty();
    for (int i = 0; i < segments.size() && options.isEmpty(); i++) {
      options = newestOptions(segments.get(i));
    }
    return Optional.of(
        new Store(name, bytes.getAsLong(), OptionalInt.of(segments.size()), options));
  }

  /**
   * The OPTIONS file with the highest number: RocksDB writes a new one on every open and option
   * change and deletes all but the last two. It writes each under a temporary name ({@code .dbtmp})
   * first, which the pattern leaves out, so the file we pick is complete.
   */
  private static Optional<Path> newestOptions(Path db) throws IOException {
    return list(db).orElse(List.of()).stream()
        .filter(p -> OPTIONS.matcher(p.getFileName().toString()).matches())
        .max(Comparator.comparing(p -> number(OPTIONS, p)));
  }

  /** The number in a name that the pattern matches. */
  private static long number(Pattern pattern, Path path) {
    Matcher m = pattern.matcher(path.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(path + " does not match " + pattern);
    }
    return Long.parseLong(m.group(1));
  }

  /** The entries of a directory sorted by name; empty when the directory has vanished. */
  private static Optional<List<Path>> list(Path dir) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path entry : stream) {
        entries.add(entry);
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    entries.sort(Comparator.naturalOrder());
    return Optional.of(entries);
  }

  private static boolean isDirectory(Path path) {
    return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
  }
}
