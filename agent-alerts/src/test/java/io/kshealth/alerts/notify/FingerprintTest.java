package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fingerprint must be Alertmanager's exactly: receivers match alerts by it. */
class FingerprintTest {

  @Test
  void emptyLabelSetIsTheFnvOffsetBasis() {
    // prometheus/common model/signature_test.go: LabelSet{} -> 14695981039346656037.
    assertEquals("cbf29ce484222325", Fingerprint.of(Map.of()));
  }

  @Test
  void matchesPrometheusPublishedValues() {
    // prometheus/common model/signature_test.go, TestMetricToFingerprint: 5799056148416392346.
    assertEquals(
        "507a62d79ee76c9a",
        Fingerprint.of(Map.of("name", "garland, briggs", "fear", "love is not enough")));
    // BenchmarkMetricToFingerprintSingle: 5146282821936882169.
    assertEquals("476b44f5db3e21f9", Fingerprint.of(Map.of("first-label", "first-label-value")));
  }

  @Test
  void oneLabelWorkedByHand() {
    // FNV-1a over 'a' 0xff 'b' 0xff, worked out apart from this code.
    assertEquals("d2b371819297f98a", Fingerprint.of(Map.of("a", "b")));
  }

  @Test
  void dependsOnTheLabelsNotTheirOrder() {
    Map<String, String> sorted = new LinkedHashMap<>();
    sorted.put("fear", "love is not enough");
    sorted.put("name", "garland, briggs");
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("name", "garland, briggs");
    reversed.put("fear", "love is not enough");
    assertEquals("507a62d79ee76c9a", Fingerprint.of(sorted));
    assertEquals("507a62d79ee76c9a", Fingerprint.of(reversed));
  }
}
