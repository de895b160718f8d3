package io.kshealth.core.http.web;

import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.tls.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Reads a web config's {@code tls_server_config}: the PEM files or inline PEM it names, the client
 * certificate policy, versions and cipher suites, with every problem reported at its field.
 */
final class TlsSection {

  private TlsSection() {}

  static Optional<TlsServerConfig> read(ConfigNode t, Map<Path, String> files) {
    PemSource cert = pem(t, "cert", "cert_file", true, files);
    PemSource key = pem(t, "key", "key_file", true, files);
    PemSource ca = pem(t, "client_ca", "client_ca_file", false, files);
    String authName = t.string("client_auth_type", ClientAuthType.NoClientCert.name());
    ClientAuthType auth = ClientAuthType.parse(authName).orElse(null);
    if (auth == null) {
      t.error(
          "client_auth_type",
          "unknown client_auth_type '"
              + authName
              + "'; expected one of "
              + Arrays.toString(ClientAuthType.values()));
    }
    List<String> sans = t.strings("client_allowed_sans");
    List<String> protocols = protocols(t);
    List<String> suites = cipherSuites(t, protocols.contains("TLSv1.3"));
    boolean prefer = t.bool("prefer_server_cipher_suites", true);
    if (t.has("curve_preferences")) {
      t.strings("curve_preferences");
      t.error(
          "curve_preferences",
          "not supported on Java 17: set the JVM's -Djdk.tls.namedGroups instead");
    }
    List<X509Certificate> chain = certificates(t, cert);
    @Nullable PrivateKey privateKey = null;
    if (cert != null && chain != null && key != null) {
      try {
        privateKey = PemFiles.privateKey(key.origin(), key.text());
        PemFiles.checkKeyMatches(key.origin(), privateKey, cert.origin(), chain.get(0));
      } catch (IOException e) {
        privateKey = null;
        t.error(key.field(), Objects.toString(e.getMessage(), e.toString()));
      }
    }
    List<X509Certificate> cas = ca == null ? List.of() : certificates(t, ca);
    if (auth != null) {
      if (ca != null && auth == ClientAuthType.NoClientCert) {
        t.error(ca.field(), "a client CA is set but client_auth_type is NoClientCert");
      }
      if (ca == null && auth.verify()) {
        t.error("client_auth_type", authName + " needs client_ca_file (or client_ca)");
      }
      if (!sans.isEmpty() && !auth.need()) {
        t.error(
            "client_allowed_sans",
            "needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert");
      }
    }
    if (chain == null || privateKey == null || cas == null || auth == null) {
      return Optional.empty(); // errors were reported
    }
    return Optional.of(
        new TlsServerConfig(chain, privateKey, auth, cas, sans, protocols, suites, prefer));
  }

  /**
   * The PEM text under an inline key or read from a file key; null (and maybe an error) if none.
   */
  private static @Nullable PemSource pem(
      ConfigNode t, String inline, String fileKey, boolean required, Map<Path, String> files) {
    @Nullable String text = t.optionalString(inline).orElse(null);
    Path path = t.file(fileKey);
    if (text != null && path != null) {
      t.error(fileKey, "set either " + inline + " or " + fileKey + ", not both");
      return null;
    }
    if (text != null) {
      return new PemSource(inline, "", text);
    }
    if (path == null) {
      if (required) {
        t.error(fileKey, "missing " + fileKey + " (or " + inline + ")");
      }
      return null;
    }
    try {
      byte[] bytes = PemFiles.readBounded(path);
      files.put(path, WebConfigLoader.sha256(bytes));
      // Latin-1 reads any bytes: a binary file just holds no PEM block.
      return new PemSource(
          fileKey, path.toString(), new String(bytes, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      t.error(fileKey, "cannot read " + path + ": " + PemFiles.describe(e));
      return null;
    }
  }

  private static @Nullable List<X509Certificate> certificates(
      ConfigNode t, @Nullable PemSource source) {
    if (source == null) {
      return null;
    }
    try {
      return PemFiles.certificates(source.origin(), source.text());
    } catch (IOException e) {
      t.error(source.field(), Objects.toString(e.getMessage(), e.toString()));
      return null;
    }
  }

  /**
   * PEM text as the web config gives it: the field it came from ({@code cert_file} or inline {@code
   * cert}) and the file it was read from, for messages (empty inline).
   */
  private record PemSource(String field, String origin, String text) {}

  private static List<String> protocols(ConfigNode t) {
    int min = version(t, "min_version", "TLS12");
    int max = version(t, "max_version", "TLS13");
    if (min > max) {
      t.error("min_version", "min_version is above max_version");
      return List.of();
    }
    return GoTlsNames.VERSION_ORDER.subList(min, max + 1).stream()
        .map(GoTlsNames.VERSIONS::get)
        .toList();
  }

  private static int version(ConfigNode t, String key, String defaultName) {
    String name = t.string(key, defaultName);
    int index = GoTlsNames.VERSION_ORDER.indexOf(name);
    if (index < 0) {
      t.error(
          key, "unknown TLS version '" + name + "'; expected one of " + GoTlsNames.VERSION_ORDER);
      return GoTlsNames.VERSION_ORDER.indexOf(defaultName);
    }
    return index;
  }

  private static List<String> cipherSuites(ConfigNode t, boolean tls13) {
    List<String> names = t.strings("cipher_suites");
    if (names.isEmpty()) {
      return List.of();
    }
    Set<String> supported;
    try {
      supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
    List<String> suites = new ArrayList<>();
    for (String name : names) {
      Optional<String> suite = GoTlsNames.javaSuite(name);
      if (suite.isEmpty()) {
        t.error(
            "cipher_suites",
            "unknown cipher suite '"
                + name
                + "'; expected Go's names, such as"
                + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
      } else if (!supported.contains(suite.get())) {
        t.error("cipher_suites", "cipher suite " + name + " is not supported by this Java runtime");
      } else if (!suites.contains(suite.get())) {
        suites.add(suite.get());
      }
    }
    if (tls13) {
      GoTlsNames.TLS13_SUITES.stream().filter(s -> !suites.contains(s)).forEach(suites::add);
    }
    return suites;
  }
}
