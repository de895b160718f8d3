package io.kshealth.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The classes an agent at work loads, loaded up front by {@code bin/kshealth-cds}'s training run so
 * that its archive holds them.
 *
 * <p>The training runs where the image is built, with nothing to watch. Left to itself it would
 * archive neither the Kafka client, nor the JMX client that attaches to the app, nor the AWS SDK's
 * parts, and an agent at work would parse those classes into memory of its own and read their jars
 * into its page cache: about 6 MiB more of its cgroup's working set, attached to the sample app
 * (docs/benchmarks.md). {@code bench/cds-classes.sh} makes the list from an agent attached to the
 * sample app with the {@code ebs} collector at work.
 *
 * <p>A class is loaded, not initialized: no static initializer runs, so nothing starts that the
 * training does not start itself. A name these jars do not have (the list is older than they are)
 * is counted and passed over: it only leaves that class out of the archive.
 */
final class CdsTrainingClasses {

  /** The system property that names the list; {@code bin/kshealth-cds} sets it. */
  static final String PROPERTY = "kshealth.cds.classes";

  private CdsTrainingClasses() {}

  /**
   * Loads each class the file names, one binary name a line ({@code #} starts a comment).
   *
   * @return what it says on standard error: how many of the listed classes it loaded
   */
  static String load(Path list, ClassLoader loader) throws IOException {
    List<String> names =
        Files.readAllLines(list).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    int missing = 0;
    for (String name : names) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        missing++;
      }
    }
    return "kshealth-cds: loaded "
        + (names.size() - missing)
        + " of the "
        + names.size()
        + " classes "
        + list
        + " names"
        + (missing == 0 ? "" : "; not in these jars, as the list is older: " + missing);
  }
}
