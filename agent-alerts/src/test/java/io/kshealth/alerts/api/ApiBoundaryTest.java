package io.kshealth.alerts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.core.testing.ApiSignatures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The notifier plug-in API names only the JDK's types, the collector API's and its own in its
 * public signatures: no Jackson, no HTTP server, no internal kshealth package (see package-info).
 */
class ApiBoundaryTest {

  @Test
  void publicSignaturesNameOnlyTheJdkAndTheApis() throws Exception {
    List<String> foreign =
        ApiSignatures.namedTypes(Path.of("target/classes"), "io.kshealth.alerts.api").stream()
            .filter(
                t ->
                    !t.startsWith("java.")
                        && !t.startsWith("io.kshealth.api.")
                        && !t.startsWith("io.kshealth.alerts.api."))
            .toList();
    assertEquals(List.of(), foreign);
  }
}
