package io.kshealth.core.http.web;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The web config's {@code tls_server_config}, read and checked: the server's certificate chain and
 * its key, who may connect, and the protocol versions and cipher suites by the JDK's names.
 *
 * @param cipherSuites the enabled suites; empty for the JDK's defaults
 * @param allowedSans client certificate subject alternative names to accept; empty for any
 */
public record TlsServerConfig(
    List<X509Certificate> chain,
    PrivateKey key,
    ClientAuthType clientAuth,
    List<X509Certificate> clientCas,
    List<String> allowedSans,
    List<String> protocols,
    List<String> cipherSuites,
    boolean preferServerCipherSuites) {

  public TlsServerConfig {
    chain = List.copyOf(chain);
    clientCas = List.copyOf(clientCas);
    allowedSans = List.copyOf(allowedSans);
    protocols = List.copyOf(protocols);
    cipherSuites = List.copyOf(cipherSuites);
  }

  /** Says what the TLS settings are, for {@code check-config} and the start log. */
  public String summary() {
    return protocols
        + ", certificate "
        + chain.get(0).getSubjectX500Principal().getName()
        + " valid until "
        + chain.get(0).getNotAfter().toInstant()
        + ", client certificates: "
        + clientAuth.name();
  }

  /** Never the key: the summary only. */
  @Override
  public String toString() {
    return "TlsServerConfig[" + summary() + "]";
  }
}
