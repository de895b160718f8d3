package io.kshealth.alerts.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.core.io.AtomicFile;
import io.kshealth.core.io.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert instances saved in the data dir ({@code alerts.json}), written whole by {@link
 * AtomicFile}, so a crash or a full disk leaves either the old or the new state. A file of release
 * 0.x (the same JSON without a header) is still read, and rewritten with one at the next save.
 */
public final class AlertStateFile {

  private static final Logger LOG = LoggerFactory.getLogger(AlertStateFile.class);
  private static final int VERSION = 1;
  static final AtomicFile.Header HEADER = new AtomicFile.Header("alert-state", VERSION);

  private final Path file;

  public AlertStateFile(Path dataDir) {
    this.file = dataDir.resolve("alerts.json");
  }

  public Path path() {
    return file;
  }

  public void save(List<SavedAlert> alerts) throws IOException {
    List<Map<String, Object>> items = new ArrayList<>();
    for (SavedAlert a : alerts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("group", a.group());
      m.put("rule", a.rule());
      m.put("ordinal", a.ordinal());
      m.put("labels", a.labels());
      m.put("state", a.state().name());
      m.put("value", Double.isFinite(a.value()) ? a.value() : null);
      m.put("annotations", a.annotations());
      m.put("active_at", a.activeAtMillis());
      m.put("fired_at", a.firedAtMillis());
      m.put("resolved_at", a.resolvedAtMillis());
      m.put("keep_firing_since", a.keepFiringSinceMillis());
      items.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", VERSION);
    root.put("alerts", items);
    byte[] json = JSON.std.asBytes(root);
    Files.createDirectories(file.getParent());
    AtomicFile.write(file, HEADER, out -> out.write(json));
  }

  /** What was saved; empty when nothing was, or when the file is unreadable (logged). */
  public List<SavedAlert> load() {
    AtomicFile.deleteStaleTemp(file);
    String text;
    try {
      AtomicFile.Contents contents = AtomicFile.read(file);
      if (contents.header().isPresent() && !contents.header().get().equals(HEADER)) {
        LOG.warn("{} holds {}, expected {}; alerts start afresh", file, contents.header(), HEADER);
        return List.of();
      }
      text = new String(contents.body(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}; alerts start afresh", file, IoErrors.describe(e));
      return List.of();
    }
    try {
      Map<String, Object> root = JSON.std.mapFrom(text);
      if (!Integer.valueOf(VERSION).equals(root.get("version"))) {
        LOG.warn(
            "{} has version {}, expected {}; alerts start afresh",
            file,
            root.get("version"),
            VERSION);
        return List.of();
      }
      List<SavedAlert> alerts = new ArrayList<>();
      for (Object o : (List<?>) requireNonNull(root.get("alerts"), "alerts")) {
        alerts.add(alert((Map<?, ?>) o));
      }
      return alerts;
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} is not a saved alert state ({}); alerts start afresh", file, e.toString());
      return List.of();
    }
  }

  /** One saved alert; a missing field throws, which makes the file one not to restore. */
  private static SavedAlert alert(Map<?, ?> m) {
    Object value = m.get("value");
    return new SavedAlert(
        (String) requireNonNull(m.get("group"), "group"),
        (String) requireNonNull(m.get("rule"), "rule"),
        ((Number) requireNonNull(m.get("ordinal"), "ordinal")).intValue(),
        strings(requireNonNull(m.get("labels"), "labels")),
        AlertState.valueOf((String) requireNonNull(m.get("state"), "state")),
        value == null ? Double.NaN : ((Number) value).doubleValue(),
        strings(requireNonNull(m.get("annotations"), "annotations")),
        ((Number) requireNonNull(m.get("active_at"), "active_at")).longValue(),
        ((Number) requireNonNull(m.get("fired_at"), "fired_at")).longValue(),
        ((Number) requireNonNull(m.get("resolved_at"), "resolved_at")).longValue(),
        ((Number) requireNonNull(m.get("keep_firing_since"), "keep_firing_since")).longValue());
  }

  private static Map<String, String> strings(Object o) {
    Map<String, String> map = new LinkedHashMap<>();
    ((Map<?, ?>) o).forEach((k, v) -> map.put((String) k, (String) v));
    return map;
  }
}
