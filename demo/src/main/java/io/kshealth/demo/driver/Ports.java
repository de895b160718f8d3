package io.kshealth.demo.driver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for the test bed's listeners. */
public final class Ports {

  private Ports() {}

  /**
   * A loopback port free at this moment. Another process may take it before the caller binds it; on
   * a test machine that is rare enough to accept.
   */
  public static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
