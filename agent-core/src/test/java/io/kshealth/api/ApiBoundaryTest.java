package io.kshealth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.testing.ApiSignatures;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The collector plug-in API names only the JDK's types and its own in its public signatures: no
 * Jackson, no HTTP server, no YAML, no internal kshealth package (see package-info).
 */
class ApiBoundaryTest {

  @Test
  void publicSignaturesNameOnlyTheJdkAndTheApi() throws Exception {
    Set<String> named = ApiSignatures.namedTypes(Path.of("target/classes"), "io.kshealth.api");
    List<String> foreign =
        named.stream()
            .filter(t -> !t.startsWith("java.") && !t.startsWith("io.kshealth.api."))
            .toList();
    assertEquals(List.of(), foreign);
    // The reading sees the signatures: a record component, a nested type's method.
    assertTrue(named.contains("java.time.Clock"), named.toString());
    assertTrue(named.contains("io.kshealth.api.Snapshot$Builder"), named.toString());
  }
}
