package io.kshealth.alerts.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Evidence;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The store's bound in bytes, oldest first, and its life with the alerts it belongs to. */
class EvidenceStoreTest {

  static Evidence big(int chars, long at) {
    return new Evidence(
        Evidence.THREADS,
        at,
        Map.of("stuck_thread", "t" + at),
        "{\"frames\":\"" + "x".repeat(chars) + "\"}");
  }

  @Test
  void theOldestCapturesGoFirstToStayWithinTheBound() {
    EvidenceStore store = new EvidenceStore(200_000);
    for (int i = 0; i < 10; i++) {
      store.add(i % 2 == 0 ? "aaaaaaaaaaaaaaaa" : "bbbbbbbbbbbbbbbb", "streams", big(60_000, i));
    }
    assertTrue(store.bytes() <= 200_000, store.bytes() + " bytes");
    List<StoredEvidence> a = store.of("aaaaaaaaaaaaaaaa");
    List<StoredEvidence> b = store.of("bbbbbbbbbbbbbbbb");
    assertEquals(List.of(8L), a.stream().map(e -> e.evidence().capturedAtMillis()).toList());
    assertEquals(List.of(7L, 9L), b.stream().map(e -> e.evidence().capturedAtMillis()).toList());
    assertEquals(Map.of("stuck_thread", "t9"), store.annotations("bbbbbbbbbbbbbbbb"));
    assertEquals(
        a.get(0).bytes() + b.get(0).bytes() + b.get(1).bytes(),
        store.bytes(),
        "counted in UTF-8 bytes of what is kept");
  }

  @Test
  void anAlertsEvidenceGoesWithTheAlert() {
    EvidenceStore store = new EvidenceStore(1 << 20);
    store.add("aaaaaaaaaaaaaaaa", "streams", big(10, 1));
    store.add("bbbbbbbbbbbbbbbb", "lag", big(10, 2));
    store.retain(Set.of("bbbbbbbbbbbbbbbb"));
    assertTrue(store.of("aaaaaaaaaaaaaaaa").isEmpty());
    assertEquals(1, store.of("bbbbbbbbbbbbbbbb").size());
    assertEquals(store.of("bbbbbbbbbbbbbbbb").get(0).bytes(), store.bytes());
    store.retain(Set.of());
    assertEquals(0, store.bytes());
    assertEquals(0, store.sample(0).value());
  }

  @Test
  void aDetailThatIsNotOneJsonObjectIsMarkedSo() {
    EvidenceStore store = new EvidenceStore(1 << 20);
    for (String detail : List.of("{\"a\":[1,2]}", "{\"a\":1} {}", "[1]", "{\"a\":", "not json")) {
      store.add("cccccccccccccccc", "streams", new Evidence("threads", 0, Map.of(), detail));
    }
    assertEquals(
        List.of(true, false, false, false, false),
        store.of("cccccccccccccccc").stream().map(StoredEvidence::jsonDetail).toList());
    assertFalse(store.of("cccccccccccccccc").isEmpty());
  }
}
