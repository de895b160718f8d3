package io.kshealth.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * {@link SSLContext}s from PEM files, for the agent's clients and servers alike. For example, a
 * server that asks for client certificates signed by one CA:
 *
 * <pre>
 * SSLContext tls = TlsContexts.context(
 *     TlsContexts.keyManagers(cert, key), TlsContexts.trustManagers(clientCa));
 * </pre>
 *
 * A null array means the JDK's default: no own certificate, or the JDK's CA certificates.
 */
public final class TlsContexts {

  private TlsContexts() {}

  public static SSLContext context(KeyManager @Nullable [] keys, TrustManager @Nullable [] trust)
      throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Presents the certificate chain of {@code certFile} with the key of {@code keyFile}. */
  public static KeyManager[] keyManagers(Path certFile, Path keyFile) throws IOException {
    return new KeyManager[] {keyManager(PemFiles.keyStore(certFile, keyFile))};
  }

  /** Trusts the CAs of {@code caFile}, and only those (as Prometheus' {@code ca_file} does). */
  public static TrustManager[] trustManagers(Path caFile) throws IOException {
    return new TrustManager[] {trustManager(PemFiles.trustStore(caFile))};
  }

  /**
   * Presents the key of a store that holds one (see {@link PemFiles#keyStore}). SunX509 rather than
   * the default PKIX manager: with one key there is nothing for PKIX to rank, and SunX509 keeps the
   * store's aliases as they are, so a manager that swaps stores can look a key up by the alias it
   * chose.
   */
  public static X509ExtendedKeyManager keyManager(KeyStore oneKey) throws IOException {
    try {
      KeyManagerFactory f = KeyManagerFactory.getInstance("SunX509");
      f.init(oneKey, PemFiles.NO_PASSWORD);
      return (X509ExtendedKeyManager) f.getKeyManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the key: " + e.getMessage(), e);
    }
  }

  /** Trusts the certificates of the store, and only those. */
  public static X509ExtendedTrustManager trustManager(KeyStore cas) throws IOException {
    try {
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(cas);
      return (X509ExtendedTrustManager) f.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the CA certificates: " + e.getMessage(), e);
    }
  }

  /**
   * Trusts any certificate for any host name: {@code insecure-skip-verify}. An extended trust
   * manager, so that JSSE does not add its own host name check around it.
   */
  public static TrustManager[] trustingAnyone() {
    return new TrustManager[] {anyCertificate()};
  }

  /**
   * The trust manager of {@link #trustingAnyone()}; also a server's for client certificates it asks
   * for but does not verify (Go's RequestClientCert and RequireAnyClientCert).
   */
  public static X509ExtendedTrustManager anyCertificate() {
    return new TrustingAnyone();
  }

  private static final class TrustingAnyone extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
