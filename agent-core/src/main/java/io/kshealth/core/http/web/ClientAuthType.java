package io.kshealth.core.http.web;

import java.util.Arrays;
import java.util.Optional;

/**
 * The web config's {@code client_auth_type}, Go's {@code tls.ClientAuthType}: whether the server
 * asks for a client certificate, whether one is required, and whether it is verified against {@code
 * client_ca_file}. Only {@link #RequireAndVerifyClientCert} authenticates clients.
 */
public enum ClientAuthType {
  NoClientCert(false, false, false),
  RequestClientCert(false, true, false),
  RequireAnyClientCert(true, false, false),
  VerifyClientCertIfGiven(false, true, true),
  RequireAndVerifyClientCert(true, false, true);

  private final boolean need;
  private final boolean want;
  private final boolean verify;

  ClientAuthType(boolean need, boolean want, boolean verify) {
    this.need = need;
    this.want = want;
    this.verify = verify;
  }

  /** The type of a Go name; {@code RequireClientCert} is the toolkit's old name of RequireAny. */
  static Optional<ClientAuthType> parse(String name) {
    if (name.equals("RequireClientCert")) {
      return Optional.of(RequireAnyClientCert);
    }
    return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
  }

  public boolean need() {
    return need;
  }

  public boolean want() {
    return want;
  }

  /** Whether a presented certificate must chain to the client CA. */
  public boolean verify() {
    return verify;
  }
}
