package io.kshealth.core.http.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A throwaway HTTP/1.1 server on a real socket that uses {@link WebSecurity} as a real server
 * would: the TLS context, per-connection parameters, auth exemptions, basic auth and headers.
 */
final class TestHttpsServer implements AutoCloseable {

  private final WebSecurity web;
  private final ServerSocket server;
  private final Thread acceptor;

  TestHttpsServer(WebSecurity web) throws IOException {
    this.web = web;
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.server =
        web.sslContext() == null
            ? new ServerSocket(0, 50, loopback)
            : (SSLServerSocket)
                web.sslContext().getServerSocketFactory().createServerSocket(0, 50, loopback);
    this.acceptor = new Thread(this::acceptLoop, "test-https");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url(String path) {
    return (web.sslContext() == null ? "http" : "https")
        + "://127.0.0.1:"
        + server.getLocalPort()
        + path;
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(10_000);
        if (s instanceof SSLSocket ssl) {
          SSLParameters p = ssl.getSSLParameters();
          web.configure(p);
          ssl.setSSLParameters(p);
          ssl.startHandshake();
        }
        serve(s);
      } catch (IOException e) {
        // a failed handshake or a closed server: the client sees it
      }
    }
  }

  private void serve(Socket s) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    String requestLine = in.readLine();
    if (requestLine == null) {
      return;
    }
    String path = requestLine.split(" ")[1];
    String authorization = null;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase(Locale.ROOT).startsWith("authorization:")) {
        authorization = line.substring("authorization:".length()).strip();
      }
    }
    boolean ok = web.exempt(path) || web.authorized(authorization);
    StringBuilder response = new StringBuilder();
    response.append(ok ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 401 Unauthorized\r\n");
    if (!ok) {
      response.append("WWW-Authenticate: Basic realm=\"kshealth\"\r\n");
    }
    web.responseHeaders()
        .forEach((k, v) -> response.append(k).append(": ").append(v).append("\r\n"));
    String body = ok ? "ok\n" : "unauthorized\n";
    response
        .append("Content-Length: ")
        .append(body.length())
        .append("\r\nConnection: close\r\n\r\n");
    response.append(body);
    OutputStream out = s.getOutputStream();
    out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
