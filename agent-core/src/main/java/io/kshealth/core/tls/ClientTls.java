package io.kshealth.core.tls;

import io.kshealth.api.ConfigSection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The {@code tls:} options of an outgoing HTTPS connection, named as Prometheus' {@code tls_config}
 * names them:
 *
 * <pre>
 * tls:
 *   ca-file: /etc/kshealth/ca.pem        # trust only these CAs (else the JDK's)
 *   cert-file: /etc/kshealth/client.pem  # a client certificate, for receivers that ask for one
 *   key-file: /etc/kshealth/client-key.pem
 *   insecure-skip-verify: false          # trust any certificate: for tests only
 * </pre>
 *
 * The files are read when the config is loaded (a bad one is a config error) and again by {@link
 * #sslContext()}, so a client that calls it when the files change picks up rotated certificates.
 */
public record ClientTls(
    Optional<Path> caFile,
    Optional<Path> certFile,
    Optional<Path> keyFile,
    boolean insecureSkipVerify) {

  /** The JDK's defaults: its CA certificates, no client certificate. */
  public static final ClientTls DEFAULT =
      new ClientTls(Optional.empty(), Optional.empty(), Optional.empty(), false);

  public ClientTls {
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("a client certificate needs both its files");
    }
  }

  /** Reads the map (absent: {@link #DEFAULT}); every problem goes to the config's error list. */
  public static ClientTls parse(ConfigSection tls) {
    Optional<Path> ca = Optional.ofNullable(tls.file("ca-file"));
    Optional<Path> cert = Optional.ofNullable(tls.file("cert-file"));
    Optional<Path> key = Optional.ofNullable(tls.file("key-file"));
    boolean insecure = tls.bool("insecure-skip-verify", false);
    tls.finish();
    if (insecure && ca.isPresent()) {
      tls.error("insecure-skip-verify", "give either 'ca-file' or 'insecure-skip-verify: true'");
    }
    if (cert.isPresent() != key.isPresent()) {
      tls.error(
          cert.isPresent() ? "key-file" : "cert-file",
          "give both 'cert-file' and 'key-file' for a client certificate, or neither");
      return new ClientTls(ca, Optional.empty(), Optional.empty(), insecure);
    }
    if (ca.isPresent()) {
      try {
        TlsContexts.trustManagers(ca.get());
      } catch (IOException e) {
        tls.error("ca-file", Objects.toString(e.getMessage(), e.toString()));
      }
    }
    if (cert.isPresent()) {
      try {
        TlsContexts.keyManagers(cert.get(), key.get());
      } catch (IOException e) {
        // The message starts with the file it is about.
        String message = Objects.toString(e.getMessage(), e.toString());
        boolean aboutKey = message.startsWith(key.get().toString());
        tls.error(aboutKey ? "key-file" : "cert-file", message);
      }
    }
    return new ClientTls(ca, cert, key, insecure);
  }

  /** A context with this trust and client certificate, the files read now. */
  public SSLContext sslContext() throws IOException {
    return TlsContexts.context(
        certFile.isPresent() ? TlsContexts.keyManagers(certFile.get(), keyFile.get()) : null,
        insecureSkipVerify
            ? TlsContexts.trustingAnyone()
            : caFile.isPresent() ? TlsContexts.trustManagers(caFile.get()) : null);
  }

  /** The files {@link #sslContext()} reads, to watch for rotation. */
  public List<Path> files() {
    List<Path> files = new ArrayList<>();
    caFile.ifPresent(files::add);
    certFile.ifPresent(files::add);
    keyFile.ifPresent(files::add);
    return files;
  }

  /** For status: {@code ca /etc/ca.pem, client cert /etc/c.pem}; empty for the defaults. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    caFile.ifPresent(f -> parts.add("ca " + f));
    certFile.ifPresent(f -> parts.add("client cert " + f));
    if (insecureSkipVerify) {
      parts.add("certificate not verified");
    }
    return String.join(", ", parts);
  }
}
