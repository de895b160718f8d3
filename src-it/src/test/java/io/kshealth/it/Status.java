package io.kshealth.it;

import java.util.Map;

/** Reading the agent's {@code /api/v1/status} document. */
final class Status {

  private Status() {}

  /** The entry of collector {@code name}; fails naming what the status holds instead. */
  static Map<?, ?> collector(Map<?, ?> status, String name) {
    return Json.array(status.get("collectors")).stream()
        .map(Json::object)
        .filter(collector -> name.equals(collector.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no collector " + name + " in " + status));
  }
}
