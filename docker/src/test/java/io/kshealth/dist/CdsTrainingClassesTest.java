package io.kshealth.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingClassesTest {

  private static final Path SHIPPED = Path.of("src/main/dist/lib/kshealth-cds.classes");

  /**
   * Every class the shipped list names is in the distribution (its jars and the runtime): a class
   * renamed or dropped since the list was made would silently leave the archive. Make the list
   * again with {@code bench/cds-classes.sh}.
   */
  @Test
  void theShippedListNamesOnlyClassesTheDistributionHas() throws Exception {
    List<String> missing = new ArrayList<>();
    List<String> names = names(SHIPPED);
    for (String name : names) {
      try {
        Class.forName(name, false, getClass().getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "run bench/cds-classes.sh");
    // What the training would not load by itself: the Kafka client, the JMX client, the SDK.
    for (String atWork :
        List.of(
            "org.apache.kafka.clients.admin.KafkaAdminClient",
            "javax.management.remote.rmi.RMIConnector",
            "software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner")) {
      assertTrue(names.contains(atWork), atWork);
    }
  }

  @Test
  void loadsWhatItFindsAndCountsWhatItDoesNot(@TempDir Path dir) throws Exception {
    Path list =
        Files.writeString(
            dir.resolve("classes"),
            "# a comment\n\njava.util.ArrayList\n  io.kshealth.dist.Main  \nno.such.Class\n");
    assertEquals(
        "kshealth-cds: loaded 2 of the 3 classes "
            + list
            + " names; not in these jars, as the list is older: 1",
        CdsTrainingClasses.load(list, getClass().getClassLoader()));
  }

  private static List<String> names(Path list) throws Exception {
    return Files.readAllLines(list).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
  }
}
