package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.api.Notifier;
import io.kshealth.core.text.Redact;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How an answer decides between delivered, retried and dropped, the same for every HTTP notifier.
 */
class HttpPostTest {

  private static final String SECRET = "T000/B000/XXXXSECRET";
  private LoopbackReceiver receiver;
  private HttpPost post;

  @BeforeEach
  void start() throws Exception {
    receiver = new LoopbackReceiver();
    post = post(receiver.url("/services/" + SECRET));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static HttpPost post(URI url) {
    return new HttpPost(
        url, HttpOptions.plain(Duration.ofSeconds(10)), "slack " + Redact.webhookUrl(url));
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 202, 204})
  void twoHundredsAreDelivered(int status) throws Exception {
    receiver.answer(status, "");
    post.send("{}");
    assertEquals("{}", receiver.single().body());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 413})
  void fourHundredsAreRejectedWithTheStartOfTheAnswer(int status) {
    receiver.answer(status, "invalid_payload " + "x".repeat(300));
    Notifier.RejectedException e =
        assertThrows(Notifier.RejectedException.class, () -> post.send("{}"));
    String message = e.getMessage();
    assertTrue(message.contains(" answered " + status + ": invalid_payload xxx"), message);
    assertTrue(message.endsWith("x".repeat(184) + "…"), "200 characters of the answer: " + message);
    assertFalse(message.contains(SECRET), message);
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 503})
  void tooManyRequestsAndServerErrorsAreRetried(int status) {
    receiver.answer(status, "busy");
    IOException e = assertThrows(IOException.class, () -> post.send("{}"));
    assertFalse(e instanceof Notifier.RejectedException, "retried, not dropped");
    assertTrue(e.getMessage().endsWith(" answered " + status + ": busy"), e.getMessage());
  }

  @Test
  void aRefusedConnectionIsRetried() {
    URI gone = receiver.url("/services/" + SECRET);
    receiver.close();
    IOException e = assertThrows(IOException.class, () -> post(gone).send("{}"));
    assertFalse(e instanceof Notifier.RejectedException);
    assertTrue(
        e.getMessage().startsWith("slack http://127.0.0.1:" + gone.getPort() + "/****: "),
        e.getMessage());
  }
}
