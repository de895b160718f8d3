package io.kshealth.core.http.web;

import io.kshealth.core.tls.PemFiles;
import io.kshealth.core.tls.TlsContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * One {@link SSLContext} for the server's whole life whose key and trust managers read the current
 * {@link TlsServerConfig} at each handshake: swapping the config rotates the certificate, key and
 * client CA without rebuilding the server's TLS setup, as the exporter-toolkit does per connection.
 */
final class LiveTls {

  private static final int IP_ADDRESS = 7; // GeneralName's tag for iPAddress

  private final AtomicLong generations = new AtomicLong();
  private final SSLContext context;
  private volatile Managers current;
  private volatile @Nullable Managers previous;

  LiveTls(TlsServerConfig first) throws IOException {
    current = managers(first);
    context =
        TlsContexts.context(
            new KeyManager[] {new LiveKeyManager()}, new TrustManager[] {new LiveTrustManager()});
  }

  SSLContext context() {
    return context;
  }

  /** Checks a config can be served; {@link #swap} then uses what this built. */
  Managers managers(TlsServerConfig config) throws IOException {
    String alias = "kshealth-" + generations.incrementAndGet();
    X509ExtendedKeyManager keys =
        TlsContexts.keyManager(PemFiles.keyStore(alias, config.key(), config.chain()));
    X509ExtendedTrustManager trust =
        config.clientAuth().verify()
            ? TlsContexts.trustManager(PemFiles.trustStore(config.clientCas()))
            : TlsContexts.anyCertificate(); // Request/RequireAnyClientCert: Go does not verify
    return new Managers(alias, keys, trust, config.allowedSans());
  }

  void swap(Managers next) {
    previous = current;
    current = next;
  }

  /** The managers built from one config; the alias names its key in the handshakes it serves. */
  record Managers(
      String alias,
      X509ExtendedKeyManager keys,
      X509ExtendedTrustManager trust,
      List<String> allowedSans) {

    void checkClient(
        X509Certificate[] chain,
        String authType,
        @Nullable SSLEngine engine,
        @Nullable Socket socket)
        throws CertificateException {
      if (engine != null) {
        trust.checkClientTrusted(chain, authType, engine);
      } else {
        trust.checkClientTrusted(chain, authType, socket);
      }
      if (!allowedSans.isEmpty() && !hasAllowedSan(chain[0])) {
        throw new CertificateException(
            "client certificate has no allowed subject alternative name");
      }
    }

    private boolean hasAllowedSan(X509Certificate cert) throws CertificateParsingException {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names == null) {
        return false;
      }
      for (List<?> name : names) {
        String value = String.valueOf(name.get(1));
        boolean ip = Integer.valueOf(IP_ADDRESS).equals(name.get(0));
        if (allowedSans.contains(value)
            || (ip && allowedSans.stream().anyMatch(a -> sameAddress(a, value)))) {
          return true;
        }
      }
      return false;
    }

    /** The JDK spells IPv6 SANs in full ({@code 0:0:0:0:0:0:0:1}), Go and users as {@code ::1}. */
    private static boolean sameAddress(String allowed, String san) {
      if (!allowed.contains(":") || !san.contains(":")) {
        return false; // only IPv6 literals have two spellings; no name is ever looked up
      }
      try {
        return InetAddress.getByName(allowed).equals(InetAddress.getByName(san));
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }

  private Managers owning(String alias) {
    Managers c = current;
    if (c.alias().equals(alias)) {
      return c;
    }
    Managers p = previous;
    return p != null && p.alias().equals(alias) ? p : c;
  }

  /** Serves the current key; a handshake that chose its alias just before a swap still finds it. */
  private final class LiveKeyManager extends X509ExtendedKeyManager {
    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseClientAlias(
        String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return current.keys().getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return current.keys().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return current.keys().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return owning(alias).keys().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return owning(alias).keys().getPrivateKey(alias);
    }
  }

  /**
   * Defers to the current config's trust manager, then checks the client's names. A server's: it
   * checks clients only.
   */
  private final class LiveTrustManager extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      current.checkClient(chain, authType, null, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      current.checkClient(chain, authType, null, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      current.checkClient(chain, authType, engine, null);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return current.trust().getAcceptedIssuers();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a server context does not check servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }
  }
}
