package io.kshealth.alerts.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cel.common.CelProtoAbstractSyntaxTree;
import dev.cel.expr.CheckedExpr;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.alerts.rules.RuleSet;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule pack's expressions kept from one start to the next, and files that cannot be used. */
class CheckedExpressionsTest {

  private static final Path PACK = Path.of("..", "config", "rules").toAbsolutePath().normalize();

  @TempDir Path dir;

  /** One start: the shipped pack loaded with the file, which is then written if need be. */
  private Start start(Path file, String fingerprint) throws Exception {
    CheckedExpressions checked = CheckedExpressions.open(file, fingerprint);
    RuleLanguage language = RuleLanguage.standard(checked);
    RuleSet rules = new RuleLoader(language, Map.of()).load(List.of(PACK));
    checked.save();
    return new Start(checked, language, rules);
  }

  private record Start(CheckedExpressions checked, RuleLanguage language, RuleSet rules) {}

  @Test
  void aSecondStartTakesEveryExpressionFromTheFileAndNeverBuildsTheCompiler() throws Exception {
    Path file = dir.resolve("rules.cache");
    Start first = start(file, "jars 1");
    Map<String, CheckedExpr> compiled = first.checked().thisStart();
    assertTrue(
        compiled.size() > 60, "the pack's conditions and template parts: " + compiled.size());
    assertEquals(0, first.checked().reused());
    assertTrue(Files.size(file) > 0);
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
        "readable by an agent running as another user than the one that made it");

    Start second = start(file, "jars 1");
    assertEquals(compiled.size(), second.checked().reused(), "every expression from the file");
    assertFalse(second.language().compilerBuilt(), "CEL's compiler never built");
    assertEquals(first.rules().rules().size(), second.rules().rules().size());
    // What the file gave back is exactly what the compiler made: the same checked trees.
    for (Map.Entry<String, CheckedExpr> e : compiled.entrySet()) {
      CheckedExpr kept =
          CelProtoAbstractSyntaxTree.fromCelAst(second.checked().get(e.getKey()).orElseThrow())
              .toCheckedExpr();
      assertEquals(e.getValue(), kept, e.getKey());
    }
  }

  @Test
  void aFileWrittenByOtherJarsIsIgnoredAndRewritten() throws Exception {
    Path file = dir.resolve("rules.cache");
    start(file, "jars 1");
    Start upgraded = start(file, "jars 2");
    assertEquals(0, upgraded.checked().reused());
    assertTrue(upgraded.language().compilerBuilt());
    assertEquals(upgraded.checked().thisStart().size(), start(file, "jars 2").checked().reused());
  }

  @Test
  void aDamagedFileIsIgnoredNeverAnErrorAndReplaced() throws Exception {
    Path file = dir.resolve("rules.cache");
    start(file, "jars 1");
    byte[] good = Files.readAllBytes(file);
    Random random = new Random(23);
    byte[] noise = new byte[4096];
    random.nextBytes(noise);
    List<byte[]> damaged =
        List.of(
            new byte[0],
            noise,
            Arrays.copyOf(good, good.length / 2),
            Arrays.copyOf(good, good.length - 1),
            flipped(good, good.length - 40),
            header(Integer.MAX_VALUE),
            header(-1));
    for (byte[] bytes : damaged) {
      Files.write(file, bytes);
      Start start = start(file, "jars 1");
      assertEquals(
          start.rules().rules().size(), start(file, "jars 1").rules().rules().size(), "loads");
      assertEquals(
          start.checked().thisStart().size(),
          start(file, "jars 1").checked().reused(),
          "the file was replaced by a whole one");
    }
  }

  @Test
  void whereTheFileCannotBeWrittenTheRulesStillLoad() throws Exception {
    Path file = dir.resolve("no-such-dir").resolve("rules.cache");
    Start start = start(file, "jars 1");
    assertTrue(start.rules().rules().size() > 40);
    assertFalse(Files.exists(file));
    assertEquals(List.of(), Files.list(dir).toList(), "no temporary file left behind");
  }

  @Test
  void withoutJarsNothingIsKept() throws Exception {
    // The tests run from class directories, which change without a trace: no fingerprint.
    assertTrue(CheckedExpressions.codeFingerprint().isEmpty());
    Path file = dir.resolve("rules.cache");
    CheckedExpressions checked = CheckedExpressions.open(file);
    new RuleLoader(RuleLanguage.standard(checked), Map.of()).load(List.of(PACK));
    checked.save();
    assertFalse(Files.exists(file));
  }

  private static byte[] flipped(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 0x5a;
    return copy;
  }

  /** A valid header whose entry count is {@code count}. */
  private byte[] header(int count) throws IOException {
    Path f = dir.resolve("header");
    try (OutputStream o = Files.newOutputStream(f);
        DataOutputStream out = new DataOutputStream(o)) {
      out.writeUTF(CheckedExpressions.FORMAT);
      out.writeUTF("jars 1");
      out.writeInt(count);
    }
    byte[] bytes = Files.readAllBytes(f);
    Files.delete(f);
    return bytes;
  }
}
