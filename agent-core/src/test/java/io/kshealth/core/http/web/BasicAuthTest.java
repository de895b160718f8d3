package io.kshealth.core.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.testing.TestTls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BasicAuthTest {

  /** The real bcrypt check, counted, with the most calls that ran at once. */
  private static final class Counting implements BasicAuth.PasswordCheck {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    @Override
    public boolean matches(byte[] password, String hash) {
      calls.incrementAndGet();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        return BCRYPT.matches(password, hash);
      } finally {
        running.decrementAndGet();
      }
    }
  }

  private static String basic(String userPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
  }

  private final Counting bcrypt = new Counting();
  private final BasicAuth auth =
      new BasicAuth(
          Map.of(
              "alice",
              TestTls.bcrypt("s3cret"),
              "bob",
              "$2a$04$" + TestTls.bcrypt("pw:with:colons").substring(7)),
          bcrypt,
          60_000);

  @Test
  void rightPasswordPassesAndIsCachedWrongOneFails() {
    assertTrue(auth.authorized(basic("alice:s3cret")));
    assertEquals(1, bcrypt.calls.get());
    for (int i = 0; i < 100; i++) {
      assertTrue(auth.authorized(basic("alice:s3cret")));
    }
    assertEquals(1, bcrypt.calls.get(), "a cached success pays no bcrypt");

    assertFalse(auth.authorized(basic("alice:wrong")));
    assertFalse(auth.authorized(basic("alice:wrong")));
    assertEquals(3, bcrypt.calls.get(), "failures are not cached");
    assertTrue(auth.authorized(basic("bob:pw:with:colons")), "$2a$ and a password with ':'");
  }

  @Test
  void theTestHelpersPrecomputedHashMatchesItsPassword() {
    BasicAuth fixed = new BasicAuth(Map.of("prometheus", TestTls.PASSWORD_HASH), bcrypt, 60_000);
    assertTrue(fixed.authorized(basic("prometheus:" + TestTls.PASSWORD)));
  }

  @Test
  void unknownUserCostsOneComparisonLikeAWrongPassword() {
    assertFalse(auth.authorized(basic("mallory:s3cret")));
    assertEquals(1, bcrypt.calls.get());
  }

  @Test
  void malformedHeadersFailWithoutBcrypt() {
    for (String header :
        new String[] {
          null,
          "",
          "Bearer abc",
          "Basic",
          "Basic !!!notbase64",
          basic("no-colon"),
          "Basic " + "A".repeat(10_000)
        }) {
      assertFalse(auth.authorized(header), String.valueOf(header));
    }
    assertEquals(0, bcrypt.calls.get());
    assertTrue(auth.authorized("basic " + basic("alice:s3cret").substring(6)), "scheme any case");
  }

  @Test
  void passwordsOver72BytesAreRefused() {
    assertFalse(auth.authorized(basic("alice:" + "x".repeat(100))));
  }

  @Test
  void concurrentWrongPasswordsRunOneBcryptAtATime() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String guess = "alice:guess" + i;
        results.add(pool.submit(() -> auth.authorized(basic(guess))));
      }
      for (Future<Boolean> r : results) {
        assertFalse(r.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, bcrypt.mostAtOnce.get());
    assertEquals(64, bcrypt.calls.get());
  }

  @Test
  void noUsersMeansNoAuthentication() {
    BasicAuth open = new BasicAuth(Map.of(), bcrypt, 0);
    assertFalse(open.enabled());
    assertTrue(open.authorized(null));
  }
}
