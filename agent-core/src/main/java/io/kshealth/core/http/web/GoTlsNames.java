package io.kshealth.core.http.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The names Go's crypto/tls (and so the exporter-toolkit's web config) gives TLS versions and
 * cipher suites, mapped to the JDK's names. Go's names are the IANA ones the JDK uses too, except
 * for its short aliases of the ChaCha20 suites.
 */
final class GoTlsNames {

  /** Go's version names in order, with the JDK's protocol name of each. */
  static final Map<String, String> VERSIONS =
      Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");

  static final List<String> VERSION_ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");

  /**
   * TLS 1.3's suites: Go does not let a config choose them, so they stay enabled whatever {@code
   * cipher_suites} lists (with the JDK, naming only TLS 1.2 suites would turn TLS 1.3 off).
   */
  static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  /** The suites of Go's {@code tls.CipherSuites()} and {@code InsecureCipherSuites()}. */
  private static final List<String> SUITES =
      List.of(
          "TLS_RSA_WITH_AES_128_CBC_SHA",
          "TLS_RSA_WITH_AES_256_CBC_SHA",
          "TLS_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_RSA_WITH_AES_128_CBC_SHA256",
          "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
          "TLS_RSA_WITH_RC4_128_SHA",
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
          "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
          "TLS_ECDHE_RSA_WITH_RC4_128_SHA");

  private GoTlsNames() {}

  /** The JDK's name of a Go cipher suite name; empty when Go has no suite of that name. */
  static Optional<String> javaSuite(String goName) {
    String name =
        switch (goName) {
          case "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305" ->
              "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
          case "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305" ->
              "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
          default -> goName;
        };
    return SUITES.contains(name) ? Optional.of(name) : Optional.empty();
  }
}
