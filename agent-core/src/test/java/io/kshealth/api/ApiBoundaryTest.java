package io.kshealth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.core.testing.ApiSignatures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The collector plug-in API names only the JDK's types and its own in its public signatures: no
 * Jackson, no HTTP server, no YAML, no internal kshealth package (see package-info).
 */
class ApiBoundaryTest {

  @Test
  void publicSignaturesNameOnlyTheJdkAndTheApi() throws Exception {
    List<String> foreign =
        ApiSignatures.namedTypes(Path.of("target/classes"), "io.kshealth.api").stream()
            .filter(t -> !t.startsWith("java.") && !t.startsWith("io.kshealth.api."))
            .toList();
    assertEquals(List.of(), foreign);
  }
}
