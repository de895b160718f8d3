package io.kshealth.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://user:s3cret@host:1|http://user:***@host:1",
        "expected a list, got 'https://ops:pw@am:9093/api'|expected a list, got 'https://ops:***@am:9093/api'",
        "https://hooks.slack.com/services/T000/B000/XXXX|https://hooks.slack.com/****",
        "see https://outlook.webhook.office.com/webhookb2/abc for it|see https://outlook.webhook.office.com/**** for it",
        "http://am:9093/api/v2/alerts?access_token=abc&x=1|http://am:9093/api/v2/alerts?access_token=***&x=1",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload|Authorization: Bearer ****",
        "http://am-0:9093/api/v2/alerts|http://am-0:9093/api/v2/alerts",
        "no URL here|no URL here",
        "expecting token IDENTIFIER, basic authentication|expecting token IDENTIFIER, basic authentication",
        "Authorization: Basic dXNlcjpwYXNzd29yZA==|Authorization: Basic ****"
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
        "db.passwd"
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
}
