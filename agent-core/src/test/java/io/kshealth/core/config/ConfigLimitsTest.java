package io.kshealth.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hostile files of issue 16, each refused with one error at its position. */
class ConfigLimitsTest {

  @TempDir Path dir;

  @Test
  void nestingDeeperThan64LevelsIsRefusedWhereItGoesTooDeep() throws IOException {
    StringBuilder block = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      block.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    assertEquals(
        List.of("block.yaml:65:129: maps and lists are nested deeper than 64 levels"),
        errors("block.yaml", block.toString()));
    assertEquals(
        List.of("flow.yaml:1:65: maps and lists are nested deeper than 64 levels"),
        errors("flow.yaml", "[".repeat(300) + "]".repeat(300)));
    String ok = "[".repeat(63) + "]".repeat(63); // in the top-level map: 64 levels
    assertEquals(List.of(), errors("sixty-four.yaml", "x: " + ok));
  }

  @Test
  void tooManyValuesAreRefused() throws IOException {
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < 15_000; i++) {
      keys.append("key-number-").append(i).append(": value\n");
    }
    assertEquals(
        List.of(
            "keys.yaml:10000:18: more than 20000 values (maps, lists and scalars, an alias"
                + " counting as all it repeats)"),
        errors("keys.yaml", keys.toString()));
  }

  @Test
  void anAliasBombIsCountedAsEverythingItRepeats() throws IOException {
    StringBuilder bomb =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      String prev = "*a" + (i - 1);
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
    }
    List<String> errors = errors("bomb.yaml", bomb.toString());
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("bomb.yaml:5:15:"), errors.toString());
    assertTrue(errors.get(0).contains("more than 20000 values"), errors.toString());
  }

  @Test
  void aValueCannotContainItself() throws IOException {
    assertEquals(
        List.of(
            "loop.yaml:1:11: alias *a is inside the value it names: a value cannot contain itself"),
        errors("loop.yaml", "x: &a [1, *a]\n"));
  }

  @Test
  void aFileOverFourMebibytesIsRefusedWithoutReadingItAll() throws IOException {
    Path big = dir.resolve("big.yaml");
    byte[] line =
        "key: 0123456789012345678901234567890123456789\n".getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (int written = 0; written < 50 << 20; written += line.length) {
        out.write(line);
      }
    }
    assertEquals(
        List.of(
            "big.yaml: file is larger than 1.0 MiB, the most a config, rule or rule-test file"
                + " may hold"),
        errorsOf(big));
  }

  @Test
  void charactersYamlRefusesAreErrorsAtTheirPosition() throws IOException {
    assertEquals(
        List.of("nul.yaml:2:5: not valid YAML: character U+0000 is not allowed"),
        errors("nul.yaml", "a: 1\nb: x\0y\n"));
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, new byte[] {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xe9, '\n'});
    assertEquals(List.of("latin1.yaml:2:4: not UTF-8 text (byte 8)"), errorsOf(latin1));
  }

  @Test
  void aSecretInAWrongTypedFieldIsNeverEchoed() throws IOException, ConfigException {
    Path file =
        write(
            "secret.yaml",
            "urls: \"http://user:s3cret@host:1\"\n"
                + "password: [hunter2]\n"
                + "token: {a: b}\n"
                + "api-key: 12\n"
                + "webhook: [\"https://hooks.slack.com/services/T0/B0/XXXX\"]\n");
    ConfigDocument doc = ConfigDocument.read(file, name -> null);
    ConfigNode root = doc.root();
    root.strings("urls");
    root.string("password", null);
    root.integer("api-key", 0, 100, 200);
    root.strings("token");
    root.map("webhook").finish();
    ConfigException e = assertThrows(ConfigException.class, doc::throwIfErrors);
    String all = e.getMessage();
    assertFalse(all.contains("s3cret"), all);
    assertFalse(all.contains("hunter2"), all);
    assertFalse(all.contains("XXXX"), all);
    assertTrue(all.contains("urls: expected a list, got 'http://****@host:1'"), all);
  }

  private List<String> errors(String name, String text) throws IOException {
    return errorsOf(write(name, text));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private List<String> errorsOf(Path file) {
    try {
      ConfigDocument.read(file, name -> null).throwIfErrors();
      return List.of();
    } catch (ConfigException e) {
      return e.errors().stream()
          .map(ConfigError::format)
          .map(s -> s.replace(dir + "/", ""))
          .toList();
    }
  }
}
