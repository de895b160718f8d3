package io.kshealth.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://user:s3cret@host:1|http://****@host:1",
        "expected a list, got 'https://ops:pw@am:9093/api'|expected a list, got 'https://****@am:9093/api'",
        "https://hooks.slack.com/services/T000/B000/XXXX|https://hooks.slack.com/****",
        "see https://outlook.webhook.office.com/webhookb2/abc for it|see https://outlook.webhook.office.com/**** for it",
        "http://am:9093/api/v2/alerts?access_token=abc&x=1|http://am:9093/api/v2/alerts?access_token=****&x=1",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload|Authorization: Bearer ****",
        "http://am-0:9093/api/v2/alerts|http://am-0:9093/api/v2/alerts",
        "no URL here|no URL here",
        "expecting token IDENTIFIER, basic authentication|expecting token IDENTIFIER, basic authentication",
        "Authorization: Basic dXNlcjpwYXNzd29yZA==|Authorization: Basic ****",
        "https://blob.example.com/c?sv=2024&sig=abc%2Fdef|https://blob.example.com/c?sv=2024&sig=****",
        "https://TOKEN123@git.example.com/r|https://****@git.example.com/r"
      })
  void masksCredentialsInText(String text, String shown) {
    assertEquals(shown, Redact.text(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "alerting.notifiers.hook.bearer-token",
        "api-key",
        "apiKey",
        "x.client_secret",
        "authorization",
        "headers.Authorization",
        "secrets[3]",
        "db.passwd",
        "x-auth",
        "accessToken",
        "clientsecret"
      })
  void keysThatNameSecretsHideTheirValues(String path) {
    assertTrue(Redact.secretKey(path), path);
    assertEquals(Redact.HIDDEN, Redact.quote(path, "hunter2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password-file",
        "bearer-token-file",
        "key_file",
        "keep_firing_for",
        "monkey",
        "client_auth_type",
        "auth-exempt",
        "url"
      })
  void otherKeysShowTheirValues(String path) {
    assertFalse(Redact.secretKey(path), path);
  }

  @Test
  void quotedValuesStayOnOneLineAndShort() {
    assertEquals("'a\\nb\\u0000c'", Redact.quote("x", "a\nb\0c"));
    String shown = Redact.quote("x", "y".repeat(5000));
    assertTrue(shown.length() < 200, shown);
    assertTrue(shown.endsWith("… (5000 characters)'"), shown);
  }

  @Test
  void secretUrlsShowOnlyWhereTheyGo() {
    assertEquals(
        "https://hooks.slack.com/****",
        webhookUrl("https://hooks.slack.com/services/T000/B000/XXXXSECRET"));
    assertEquals(
        "https://hooks.example.com:8443/****", webhookUrl("https://hooks.example.com:8443?k=s"));
    assertEquals("http://hooks.example.com/****", webhookUrl("http://user:pw@hooks.example.com/x"));
    assertEquals("https://hooks.example.com", webhookUrl("https://hooks.example.com/"));
    assertEquals("https://hooks.example.com", webhookUrl("https://user:pw@hooks.example.com"));
    assertEquals("http://[::1]:9000/****", webhookUrl("http://[::1]:9000/hook"));
  }

  @Test
  void plainUrlsKeepTheirPathButNotUserInfoOrQuery() {
    assertEquals("http://am-0:9093/api/v2/alerts", url("http://am-0:9093/api/v2/alerts"));
    assertEquals("https://proxy/alertmanager", url("https://ops:pw@proxy/alertmanager?t=1"));
    assertEquals("http://am-0:9093", url("http://am-0:9093"));
  }

  private static String webhookUrl(String url) {
    return Redact.webhookUrl(URI.create(url));
  }

  private static String url(String url) {
    return Redact.url(URI.create(url));
  }

  /** Answers receivers and proxies really give, with the secrets they echo. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization: Bearer abc.def-ghi | Authorization: ****",
        "got header authorization=Basic b3BzOmh1bnRlcjI= | got header authorization=****",
        "bad token: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2ln | bad token: ****",
        "form user=ops&password=hunter2&x=1 | form user=ops&password=****&x=1",
        "{\"error\":\"denied\",\"api_key\":\"k-hunter2\"} | {\"error\":\"denied\",\"api_key\":****}",
        "{\"accessToken\": \"k-hunter2\", \"monkey\": 1} | {\"accessToken\": ****, \"monkey\": 1}",
        "retry https://ops:s3cr3t@hooks.example.com/x later"
            + " | retry https://****@hooks.example.com/**** later",
        "X-Api-Key: 0123456789abcdef0123456789abcdef | X-Api-Key: ****",
        "signed with 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ok"
            + " | signed with **** ok",
        "client_secret = 's3 cr3t' | client_secret = ****",
        "no alert in the body | no alert in the body",
        "invalid token given for team 7 | invalid token given for team 7",
      })
  void masksWhatLooksLikeACredentialInAnswers(String body, String shown) {
    assertEquals(shown, Redact.text(body, 200));
  }

  @Test
  void answersAreShownOnOneLineCutAfterTheirLimit() {
    assertEquals("", Redact.text(null, 200));
    assertEquals("line one line two tab", Redact.text("line one\r\nline two\n\n\ttab\n", 200));
    assertEquals("x".repeat(200) + "…", Redact.text("x".repeat(300), 200));
  }

  @Test
  void aSecretAtTheCutIsMaskedNotHalfShown() {
    String shown = Redact.text("x ".repeat(95) + "password=hunter2hunter2hunter2", 200);
    assertFalse(shown.contains("hunter"), shown);
    String quoted = Redact.quote("x", "y".repeat(100) + " https://ops:hunter2@host");
    assertFalse(quoted.contains("hunter"), quoted);
  }

  @Test
  void hostileAnswersStayCheapAndShort() {
    for (String body :
        List.of(
            "a".repeat(5_000_000),
            "Bearer ".repeat(500_000),
            "password=".repeat(500_000),
            "https://".repeat(500_000) + "@",
            "\n".repeat(1_000_000),
            "a1".repeat(1_000_000))) {
      String shown = Redact.text(body, 200);
      assertTrue(shown.length() <= 201, shown);
      assertFalse(shown.contains("\n"));
    }
  }
}
