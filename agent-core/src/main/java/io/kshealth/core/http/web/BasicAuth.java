package io.kshealth.core.http.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@code Authorization: Basic} headers against {@code basic_auth_users}' bcrypt hashes.
 *
 * <p>A bcrypt check costs tens of milliseconds of CPU by design, so, as in the exporter-toolkit,
 * successful checks are cached (by a SHA-256 of user, hash and password; at most {@value
 * #CACHE_SIZE} entries) and a scraper pays once, not per scrape. Checks that miss the cache run one
 * at a time (waiting at most {@code maxWait}, fairly), so a flood of wrong passwords burns at most
 * one core and cannot queue without bound. An unknown user is checked against a real user's hash,
 * so its answer takes as long as a wrong password.
 */
final class BasicAuth {

  static final int CACHE_SIZE = 100;
  private static final int MAX_HEADER_CHARS = 4096;

  /** The bcrypt comparison, separate so tests can count the calls. */
  interface PasswordCheck {
    boolean matches(byte[] password, String hash);

    PasswordCheck BCRYPT =
        (password, hash) -> {
          try {
            return BCrypt.verifyer()
                .verify(password, hash.getBytes(StandardCharsets.US_ASCII))
                .verified;
          } catch (IllegalArgumentException e) { // over 72 bytes, as Go's bcrypt refuses too
            return false;
          }
        };
  }

  private final Map<String, String> users;
  private final String anyHash;
  private final PasswordCheck check;
  private final Semaphore permits = new Semaphore(1, true);
  private final long maxWaitMillis;
  private final Map<String, Boolean> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  BasicAuth(Map<String, String> users, PasswordCheck check, long maxWaitMillis) {
    this.users = Map.copyOf(users);
    // Unused without users: authorized() lets every request in then.
    this.anyHash = users.isEmpty() ? "" : users.values().iterator().next();
    this.check = check;
    this.maxWaitMillis = maxWaitMillis;
  }

  boolean enabled() {
    return !users.isEmpty();
  }

  /** Whether the header carries a configured user's password; true when no users are set. */
  boolean authorized(@Nullable String header) {
    if (users.isEmpty()) {
      return true;
    }
    if (header == null
        || header.length() > MAX_HEADER_CHARS
        || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(header.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = indexOf(decoded, (byte) ':');
    if (colon < 0) {
      return false;
    }
    String user = new String(decoded, 0, colon, StandardCharsets.UTF_8);
    byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
    String hash = users.get(user);
    boolean known = hash != null;
    String key = cacheKey(user, hash != null ? hash : "", password);
    if (known && cached(key)) {
      return true;
    }
    boolean ok;
    try {
      if (!permits.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      ok = check.matches(password, hash != null ? hash : anyHash) && known;
    } finally {
      permits.release();
    }
    if (ok) {
      synchronized (cache) {
        cache.put(key, Boolean.TRUE);
      }
    }
    return ok;
  }

  private boolean cached(String key) {
    synchronized (cache) {
      return cache.get(key) != null;
    }
  }

  private static String cacheKey(String user, String hash, byte[] password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(user.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(hash.getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) 0);
      sha.update(password);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
