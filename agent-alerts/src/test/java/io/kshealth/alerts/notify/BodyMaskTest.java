package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Answers receivers and proxies really give, with the secrets they echo, and hostile ones. */
class BodyMaskTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization: Bearer abc.def-ghi | Authorization: ****",
        "got header authorization=Basic b3BzOmh1bnRlcjI= | got header authorization=****",
        "bad token: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2ln | bad token: ****",
        "form user=ops&password=hunter2&x=1 | form user=ops&password=****&x=1",
        "{\"error\":\"denied\",\"api_key\":\"k-hunter2\"} | {\"error\":\"denied\",\"api_key\":****}",
        "retry https://ops:s3cr3t@hooks.example.com/x later"
            + " | retry https://****@hooks.example.com/x later",
        "X-Api-Key: 0123456789abcdef0123456789abcdef | X-Api-Key: ****",
        "signed with 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ok"
            + " | signed with **** ok",
        "client_secret = 's3 cr3t' | client_secret = ****",
        "no alert in the body | no alert in the body",
        "invalid token given for team 7 | invalid token given for team 7",
      })
  void masksWhatLooksLikeACredential(String body, String shown) {
    assertEquals(shown, BodyMask.shown(body));
  }

  @Test
  void onOneLineCutAfterTwoHundredCharacters() {
    assertEquals("line one line two tab", BodyMask.shown("line one\r\nline two\n\n\ttab\n"));
    String cut = BodyMask.shown("x".repeat(300));
    assertEquals("x".repeat(200) + "…", cut);
  }

  @Test
  void aSecretAtTheCutIsMaskedNotHalfShown() {
    String shown = BodyMask.shown("x ".repeat(95) + "password=hunter2hunter2hunter2");
    assertFalse(shown.contains("hunter"), shown);
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
      String shown = BodyMask.shown(body);
      assertTrue(shown.length() <= BodyMask.MAX_SHOWN + 1, shown);
      assertFalse(shown.contains("\n"));
    }
  }
}
