package io.kshealth.core.http;

import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS in front of HTTP/1.1 with the context {@link HttpSecurity} gives, swapped in when it gives
 * another (a rotated certificate): each new connection asks, existing connections keep theirs.
 */
final class RotatingTls extends SslConnectionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(RotatingTls.class);

  private final HttpSecurity security;
  private SSLContext installed;

  RotatingTls(HttpSecurity security, SSLContext first) {
    super(
        configure(new SslContextFactory.Server(), security, first),
        HttpVersion.HTTP_1_1.asString());
    this.security = security;
    this.installed = first;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    SSLContext now = security.sslContext();
    synchronized (this) {
      if (now != null && now != installed) {
        try {
          getSslContextFactory()
              .reload(f -> configure((SslContextFactory.Server) f, security, now));
          installed = now;
        } catch (Exception e) {
          LOG.warn("cannot switch to the new TLS context, serving the old one: {}", e.toString());
        }
      }
    }
    return super.newConnection(connector, endPoint);
  }

  private static SslContextFactory.Server configure(
      SslContextFactory.Server factory, HttpSecurity security, SSLContext context) {
    factory.setSslContext(context);
    factory.setNeedClientAuth(security.needClientAuth());
    factory.setWantClientAuth(security.wantClientAuth());
    if (!security.protocols().isEmpty()) {
      factory.setIncludeProtocols(security.protocols().toArray(String[]::new));
    }
    if (!security.cipherSuites().isEmpty()) {
      // What the operator lists is what is served, even a suite Jetty would exclude by default.
      factory.setExcludeCipherSuites();
      factory.setIncludeCipherSuites(security.cipherSuites().toArray(String[]::new));
    }
    return factory;
  }
}
