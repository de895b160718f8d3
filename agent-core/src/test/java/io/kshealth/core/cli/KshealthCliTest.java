package io.kshealth.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.testing.TestCollectors;
import io.kshealth.core.testing.TestTls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KshealthCliTest {

  private static final String FIXTURES = "src/test/resources/KshealthCliTest/";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = KshealthCli.commandLine(CollectorFactories.of(new TestCollectors.Factory()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void checkConfigSummarisesAValidFile() {
    assertEquals(0, run("check-config", "--config", FIXTURES + "counting.yaml"));
    assertTrue(out.toString().contains("counting.yaml: valid"), out.toString());
    assertTrue(
        out.toString().contains("counting         test       every 10s, timeout 5s"),
        out.toString());
  }

  @Test
  void checkConfigListsEveryErrorAndExits2() {
    assertEquals(2, run("check-config", "--config", FIXTURES + "three-mistakes.yaml"));
    List<String> lines = err.toString().lines().toList();
    String file = FIXTURES + "three-mistakes.yaml";
    assertEquals(
        List.of(
            file
                + ":2:11: http.listen: invalid value 'localhost': expected host:port, such as"
                + " 0.0.0.0:19418",
            file
                + ":4:10: logging.level: invalid value 'loud': expected one of trace, debug,"
                + " info, warn, error",
            file
                + ":8:5: collectors.counting.intervall: unknown key 'intervall'; did you mean"
                + " 'interval'?",
            "3 errors in " + file),
        lines);
  }

  @Test
  void onceExits0WhenEveryCollectorSucceeds() {
    assertEquals(0, run("once", "--config", FIXTURES + "counting.yaml"));
    String table = out.toString();
    assertTrue(table.matches("(?s).*counting\\s+test\\s+ok\\s+.*"), table);
    assertTrue(table.contains("kshealth_test_value{run=\"latest\"}"), table);
  }

  @Test
  void onceExits1WhenACollectorFails() {
    assertEquals(1, run("once", "--config", FIXTURES + "throwing.yaml"));
    String table = out.toString();
    assertTrue(table.matches("(?s).*throwing\\s+test\\s+FAILED\\s+.*broken on purpose.*"), table);
    assertTrue(table.matches("(?s).*counting\\s+test\\s+ok\\s+.*"), table);
  }

  @Test
  void badConfigExits2ForEveryCommand() {
    for (String command : List.of("run", "once", "check-config")) {
      assertEquals(2, run(command, "--config", FIXTURES + "no-such.yaml"), command);
    }
    assertTrue(err.toString().contains("no-such.yaml: cannot read config file: no such file"));
  }

  @Test
  void checkConfigValidatesTheWebConfigFile(@TempDir Path dir) throws Exception {
    TestTls.server(dir, "basic_auth_users:\n  prometheus: " + TestTls.bcrypt("pw") + "\n");
    Path config = dir.resolve("kshealth.yaml");
    Files.writeString(
        config,
        "http:\n  web-config-file: web.yml\n  auth-exempt: [/healthz]\n"
            + "collectors:\n  counting:\n    type: test\n");
    assertEquals(0, run("check-config", "--config", config.toString()));
    assertTrue(
        out.toString()
            .matches(
                "(?s).*  web config  \\S+web.yml: TLS on \\(\\[TLSv1.2, TLSv1.3], certificate"
                    + " CN=server valid until \\S+, client certificates: NoClientCert\\), basic"
                    + " auth on for 1 user\\(s\\), except on /healthz\n.*"),
        out.toString());

    Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  prometheus: pw\n");
    for (String command : List.of("check-config", "run")) {
      assertEquals(2, run(command, "--config", config.toString()), command);
    }
    assertTrue(
        err.toString()
            .contains(
                dir.resolve("web.yml") + ":2:15: basic_auth_users.prometheus: not a bcrypt hash"),
        err.toString());
    assertFalse(err.toString().contains(": pw"), "the value is never echoed");
  }

  @Test
  void runRefusesABadWebConfigFlag(@TempDir Path dir) {
    assertEquals(
        2,
        run(
            "run",
            "--config",
            FIXTURES + "counting.yaml",
            "--web.config.file",
            dir.resolve("web.yml").toString()));
    assertTrue(
        err.toString().contains("web.yml: cannot read web config file: no such file"),
        err.toString());
  }

  @Test
  void usageErrorsExit2() {
    assertEquals(2, run("run"), "--config is required");
    assertEquals(2, run("frobnicate"));
    assertEquals(2, run("run", "--config", FIXTURES + "counting.yaml", "--listen", "nowhere"));
    assertTrue(err.toString().contains("--listen 'nowhere': expected host:port"), err.toString());
  }

  @Test
  void aTakenPortExits1NamingTheAddressAndTheReason() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String listen = "127.0.0.1:" + taken.getLocalPort();
      assertEquals(1, run("run", "--config", FIXTURES + "counting.yaml", "--listen", listen));
      assertEquals(
          "cannot listen on " + listen + ": Address already in use", err.toString().strip());
    }
  }

  @Test
  void versionAndHelpExit0() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("kshealth "), out.toString());
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("Exit codes:"));
  }
}
