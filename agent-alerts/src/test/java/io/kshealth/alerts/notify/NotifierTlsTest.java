package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.api.Notifier;
import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.TlsFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifiers configured from a real file talk to a real HTTPS receiver on loopback, whose
 * certificate the test CA signed: trust through {@code tls.ca-file}, a client certificate, and
 * secrets read from files that are rotated under a running notifier.
 */
class NotifierTlsTest {

  @TempDir Path dir;
  private LoopbackReceiver receiver;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  /** The one notifier of {@code notifiers: {n: <yaml>}}, as the agent makes it. */
  private Notifier notifier(String yaml) throws Exception {
    String indented = "    " + yaml.strip().replace("\n", "\n    ");
    Path file = Files.writeString(dir.resolve("kshealth.yaml"), "notifiers:\n  n:\n" + indented);
    ConfigDocument doc = ConfigDocument.read(file, System::getenv);
    ConfigNode root = doc.root();
    List<NotifierConfig> parsed =
        NotifierConfig.parse(root.map("notifiers"), NotifierFactories.builtIn());
    root.finish();
    doc.throwIfErrors();
    return parsed
        .get(0)
        .create("http://agent:19418", Duration.ofMinutes(4), new MutableClock())
        .get(0);
  }

  private static void send(Notifier n) throws IOException {
    n.send(List.of(Alerts.firing(Map.of("alertname", "KshealthTest"), Map.of())));
  }

  private TlsFixtures httpsReceiver(boolean clientCertificate) throws IOException {
    TlsFixtures tls = TlsFixtures.copyTo(dir);
    receiver = LoopbackReceiver.https(tls.server(), clientCertificate);
    return tls;
  }

  @Test
  void trustsTheReceiverThroughItsCaFile() throws Exception {
    TlsFixtures tls = httpsReceiver(false);
    Notifier n =
        notifier("type: webhook\nurl: " + receiver.url("/hook") + "\ntls: {ca-file: ca.pem}");
    send(n);
    assertEquals(1, receiver.requests().size());
    assertTrue(n.describe().endsWith("(ca " + tls.file("ca.pem") + ")"), n.describe());
  }

  @Test
  void withoutItsCaTheHandshakeFailsWithAClearError() throws Exception {
    httpsReceiver(false);
    Notifier plain = notifier("type: slack\nurl: " + receiver.url("/services/XXXXSECRET"));
    IOException e = assertThrows(IOException.class, () -> send(plain));
    assertTrue(
        e.getMessage()
            .startsWith(
                "slack "
                    + receiver.url("/").toString().replaceAll("/$", "")
                    + "/****: TLS"
                    + " handshake failed: PKIX path building failed"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("needs that CA in tls.ca-file)"), e.getMessage());

    Notifier wrongCa =
        notifier(
            "type: slack\nurl: "
                + receiver.url("/services/XXXXSECRET")
                + "\ntls: {ca-file: other-ca.pem}");
    IOException e2 = assertThrows(IOException.class, () -> send(wrongCa));
    assertTrue(e2.getMessage().contains("TLS handshake failed"), e2.getMessage());
    assertEquals(0, receiver.requests().size());
  }

  @Test
  void insecureSkipVerifyTrustsAnyCertificate() throws Exception {
    httpsReceiver(false);
    send(
        notifier(
            "type: webhook\nurl: " + receiver.url("/") + "\ntls: {insecure-skip-verify: true}"));
    assertEquals(1, receiver.requests().size());
  }

  @Test
  void aReceiverThatAsksForAClientCertificateGetsOne() throws Exception {
    httpsReceiver(true);
    Notifier without =
        notifier("type: webhook\nurl: " + receiver.url("/") + "\ntls: {ca-file: ca.pem}");
    assertThrows(IOException.class, () -> send(without));
    assertEquals(0, receiver.requests().size());

    Notifier with =
        notifier(
            "type: alertmanager\nurls: ["
                + receiver.url("")
                + "]\ntls: {ca-file: ca.pem, cert-file: client.pem, key-file: client-key.pem}");
    send(with);
    assertEquals("/api/v2/alerts", receiver.single().path());
  }

  @Test
  void aRotatedCaFileIsUsedFromTheNextSendOn() throws Exception {
    TlsFixtures tls = httpsReceiver(false);
    Path ca = dir.resolve("rotating-ca.pem");
    Files.copy(tls.file("other-ca.pem"), ca);
    Notifier n =
        notifier("type: webhook\nurl: " + receiver.url("/") + "\ntls: {ca-file: rotating-ca.pem}");
    assertThrows(IOException.class, () -> send(n));

    rotate(ca, Files.readString(tls.file("ca.pem")));
    send(n);
    assertEquals(1, receiver.requests().size());
  }

  @Test
  void aBearerTokenFileIsReadAtEachSendTrimmed() throws Exception {
    receiver = new LoopbackReceiver();
    Path token = Files.writeString(dir.resolve("token"), "first-t0ken\n");
    Notifier n =
        notifier("type: webhook\nurl: " + receiver.url("/") + "\nbearer-token-file: token");
    send(n);
    rotate(token, "second-t0ken\n");
    send(n);
    assertEquals(
        List.of("Bearer first-t0ken", "Bearer second-t0ken"),
        receiver.requests().stream().map(LoopbackReceiver.Request::authorization).toList());
    assertFalse(n.describe().contains("t0ken"), n.describe());

    Files.delete(token);
    IOException e = assertThrows(IOException.class, () -> send(n));
    assertTrue(
        e.getMessage().endsWith(": cannot read bearer-token-file " + token + ": no such file"),
        e.getMessage());
  }

  @Test
  void basicAuthWithAPasswordFile() throws Exception {
    receiver = new LoopbackReceiver();
    Path password = Files.writeString(dir.resolve("password"), "hunter2\n");
    Notifier n =
        notifier(
            "type: alertmanager\nurls: ["
                + receiver.url("")
                + "]\nbasic-auth: {username: ops, password-file: password}");
    send(n);
    rotate(password, "hunter3");
    send(n);
    assertEquals(
        List.of(basic("ops:hunter2"), basic("ops:hunter3")),
        receiver.requests().stream().map(LoopbackReceiver.Request::authorization).toList());
    assertEquals(
        "alertmanager "
            + receiver.url("/api/v2/alerts")
            + " (basic ops:**** from "
            + password
            + ")",
        n.describe());

    Notifier inline =
        notifier(
            "type: slack\nurl: "
                + receiver.url("/s")
                + "\nbasic-auth: {username: ops, password: pw}");
    send(inline);
    assertEquals(basic("ops:pw"), receiver.requests().get(2).authorization());
  }

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the file anew, its modification time moved on as a rotation by a secret mount would. */
  private static void rotate(Path file, String text) throws IOException {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(1)));
  }
}
