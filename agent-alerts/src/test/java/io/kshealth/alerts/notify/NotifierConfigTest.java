package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.api.Notifier;
import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.TlsFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerting.notifiers} read from a real file, errors with their file:line:column. */
class NotifierConfigTest {

  private static final List<String> SECRETS =
      List.of("pa55word", "SECRETPATH", "XXXXSECRET", "t0ken-value");

  @TempDir Path dir;

  private List<NotifierConfig> parse(Path file) throws ConfigException {
    ConfigDocument doc = ConfigDocument.read(file, System::getenv);
    ConfigNode root = doc.root();
    List<NotifierConfig> parsed =
        NotifierConfig.parse(root.map("notifiers"), NotifierFactories.builtIn());
    root.finish();
    doc.throwIfErrors();
    return parsed;
  }

  private Path write(String yaml) throws Exception {
    return Files.writeString(dir.resolve("kshealth.yaml"), yaml);
  }

  @Test
  void readsEveryType() throws Exception {
    List<NotifierConfig> parsed =
        parse(
            write(
                """
                notifiers:
                  am:
                    type: alertmanager
                    urls: ["http://am-0:9093", "http://ops:pa55word@am-1:9093/prefix"]
                    timeout: 5s
                  single-am:
                    type: alertmanager
                    urls: [http://am:9093]
                  ops-hook:
                    type: webhook
                    url: https://hooks.example.com/alerts/SECRETPATH
                    bearer-token: t0ken-value
                    max-alerts: 50
                  team-slack:
                    type: slack
                    url: https://hooks.slack.com/services/T000/B000/XXXXSECRET
                  ops-log:
                    type: log
                """));

    assertEquals(
        List.of("am", "single-am", "ops-hook", "team-slack", "ops-log"),
        parsed.stream().map(NotifierConfig::name).toList());
    NotifierConfig am = parsed.get(0);
    assertEquals("alertmanager", am.type());
    assertEquals(
        Duration.ofSeconds(5),
        ((AlertmanagerNotifierFactory.Settings) am.settings()).http().timeout());
    WebhookNotifierFactory.Settings hook =
        (WebhookNotifierFactory.Settings) parsed.get(2).settings();
    assertEquals(HttpOptions.DEFAULT_TIMEOUT, hook.http().timeout());
    assertEquals(new Credentials.Bearer("t0ken-value"), hook.http().credentials());
    assertEquals(50, hook.maxAlerts());

    List<Notifier> notifiers =
        parsed.stream()
            .flatMap(
                n ->
                    n
                        .create("http://agent:19418", Duration.ofMinutes(4), new MutableClock())
                        .stream())
            .toList();
    assertEquals(
        List.of("am-1", "am-2", "single-am", "ops-hook", "team-slack", "ops-log"),
        notifiers.stream().map(Notifier::name).toList(),
        "one notifier per Alertmanager replica, each with its own queue");
    assertEquals(
        List.of(
            "alertmanager http://am-0:9093/api/v2/alerts",
            "alertmanager http://am-1:9093/prefix/api/v2/alerts",
            "alertmanager http://am:9093/api/v2/alerts",
            "webhook https://hooks.example.com/**** (bearer ****)",
            "slack https://hooks.slack.com/****",
            "log"),
        notifiers.stream().map(Notifier::describe).toList());
    assertInstanceOf(WebhookNotifier.class, notifiers.get(3));
    assertInstanceOf(SlackNotifier.class, notifiers.get(4));
    assertInstanceOf(LogNotifier.class, notifiers.get(5));

    assertEquals(
        List.of(
            "am (alertmanager http://am-0:9093, http://am-1:9093/prefix)",
            "single-am (alertmanager http://am:9093)",
            "ops-hook (webhook https://hooks.example.com/****, bearer ****)",
            "team-slack (slack https://hooks.slack.com/****)",
            "ops-log (log)"),
        parsed.stream().map(NotifierConfig::describe).toList());
    String shown = parsed.toString();
    SECRETS.forEach(s -> assertFalse(shown.contains(s), "toString shows " + s + ": " + shown));
  }

  @Test
  void reportsEveryProblemWithItsPosition() throws Exception {
    Path file =
        write(
            """
            notifiers:
              no-url:
                type: webhook
              bad-scheme:
                type: slack
                url: "ftp://hooks.slack.com/services/XXXXSECRET"
              bad-syntax:
                type: webhook
                url: "https://hooks.example.com/SECRETPATH now"
              pager:
                type: pagerduty
              ops-log:
                type: log
                timeout: 5s
              am:
                type: alertmanager
                urls: ["http://am-0:9093", "http://am-0:9093"]
                tiemout: 5s
              no-replicas:
                type: alertmanager
              Bad_Name:
                type: log
              untyped:
                url: http://hooks.example.com
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> parse(file));
    String f = file.toString();
    List<String> errors = e.errors().stream().map(ConfigError::format).toList();
    String all = String.join("\n", errors);
    assertEquals(
        List.of(
            f + ":3:5: notifiers.no-url.url: missing 'url': where to POST the alerts",
            f
                + ":6:10: notifiers.bad-scheme.url: invalid URL 'ftp://hooks.slack.com/****':"
                + " must be an absolute http:// or https:// URL",
            f
                + ":9:10: notifiers.bad-syntax.url: invalid URL: Illegal character in path at"
                + " index 36",
            f
                + ":11:11: notifiers.pager.type: unknown notifier type 'pagerduty'; known types:"
                + " alertmanager, log, slack, webhook",
            f + ":14:5: notifiers.ops-log.timeout: unknown key 'timeout'",
            f + ":17:11: notifiers.am.urls: 'http://am-0:9093' is listed twice",
            f + ":18:5: notifiers.am.tiemout: unknown key 'tiemout'; did you mean 'timeout'?",
            f
                + ":20:5: notifiers.no-replicas.urls: missing 'urls': one URL per Alertmanager"
                + " replica",
            f
                + ":21:3: notifiers.Bad_Name: notifier name 'Bad_Name' must be lower-case letters,"
                + " digits and dashes",
            f
                + ":24:5: notifiers.untyped.type: missing 'type'; known types: alertmanager,"
                + " log, slack, webhook"),
        errors.stream().sorted(NotifierConfigTest::byLine).collect(Collectors.toList()),
        all);
    SECRETS.forEach(s -> assertFalse(all.contains(s), "an error shows " + s + ":\n" + all));
  }

  private static int byLine(String a, String b) {
    return Integer.compare(line(a), line(b));
  }

  private static int line(String formatted) {
    String afterFile = formatted.substring(formatted.indexOf(".yaml:") + 6);
    return Integer.parseInt(afterFile.substring(0, afterFile.indexOf(':')));
  }

  @Test
  void aBearerTokenAndCredentialsInTheUrlAreOneTooMany() throws Exception {
    Path file =
        write(
            """
            notifiers:
              hook:
                type: webhook
                url: https://ops:pa55word@hooks.example.com/in
                bearer-token: t0ken-value
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> parse(file));
    String all = e.errors().stream().map(ConfigError::format).collect(Collectors.joining("\n"));
    assertTrue(
        all.endsWith(
            ":5:19: notifiers.hook.bearer-token: the URL carries credentials too; keep one of them"),
        all);
    SECRETS.forEach(s -> assertFalse(all.contains(s), all));
  }

  @Test
  void reportsEveryProblemWithSecretFilesAndTls() throws Exception {
    TlsFixtures.copyTo(dir);
    Files.writeString(dir.resolve("pw.txt"), "pa55word\n");
    Files.writeString(dir.resolve("empty.txt"), "\n");
    Path file =
        write(
            """
            notifiers:
              missing-token:
                type: webhook
                url: https://h/x
                bearer-token-file: nope.txt
              both-passwords:
                type: alertmanager
                urls: [http://am:9093]
                basic-auth: {username: ops, password: pa55word, password-file: pw.txt}
              two-auths:
                type: webhook
                url: https://h/x
                bearer-token: t0ken-value
                basic-auth: {username: ops, password: pa55word}
              half-cert:
                type: slack
                url: https://hooks.slack.com/services/XXXXSECRET
                tls: {cert-file: client.pem}
              bad-ca:
                type: webhook
                url: https://h/x
                tls: {ca-file: client-key.pem}
              wrong-key:
                type: webhook
                url: https://h/x
                tls: {cert-file: server.pem, key-file: client-key.pem}
              old-key:
                type: webhook
                url: https://h/x
                tls: {cert-file: rsa-pkcs1.pem, key-file: rsa-pkcs1-key.pem}
              empty-token:
                type: webhook
                url: https://h/x
                bearer-token-file: empty.txt
              no-user:
                type: alertmanager
                urls: [http://am:9093]
                basic-auth: {password-file: pw.txt}
              tls-typo:
                type: alertmanager
                urls: [http://am:9093]
                tls: {ca_file: ca.pem, insecure-skip-verify: true}
              user-info-too:
                type: alertmanager
                urls: [http://ops:pa55word@am:9093]
                bearer-token-file: pw.txt
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> parse(file));
    String f = file.toString();
    Path d = dir;
    List<String> errors = e.errors().stream().map(ConfigError::format).toList();
    String all = String.join("\n", errors);
    assertEquals(
        List.of(
            f
                + ":5:24: notifiers.missing-token.bearer-token-file: cannot read"
                + " bearer-token-file "
                + d.resolve("nope.txt")
                + ": no such file",
            f
                + ":9:68: notifiers.both-passwords.basic-auth.password-file: give either"
                + " 'password' or 'password-file', not both",
            f
                + ":14:17: notifiers.two-auths.basic-auth: give one of 'bearer-token',"
                + " 'bearer-token-file' and 'basic-auth'",
            f
                + ":18:10: notifiers.half-cert.tls.key-file: give both 'cert-file' and"
                + " 'key-file' for a client certificate, or neither",
            f
                + ":22:20: notifiers.bad-ca.tls.ca-file: "
                + d.resolve("client-key.pem")
                + ": no PEM certificate in it (-----BEGIN CERTIFICATE-----)",
            f
                + ":26:44: notifiers.wrong-key.tls.key-file: "
                + d.resolve("client-key.pem")
                + ": this key does not belong to the first certificate of "
                + d.resolve("server.pem"),
            f
                + ":34:24: notifiers.empty-token.bearer-token-file: bearer-token-file "
                + d.resolve("empty.txt")
                + " is empty",
            f + ":38:17: notifiers.no-user.basic-auth.username: missing 'username'",
            f
                + ":42:11: notifiers.tls-typo.tls.ca_file: unknown key 'ca_file'; did you mean"
                + " 'ca-file'?",
            f
                + ":46:24: notifiers.user-info-too.bearer-token-file: the URL carries"
                + " credentials too; keep one of them"),
        errors.stream().sorted(NotifierConfigTest::byLine).collect(Collectors.toList()),
        all);
    SECRETS.forEach(s -> assertFalse(all.contains(s), "an error shows " + s + ":\n" + all));
  }
}
